/**
 * The `university` block of a document's data (documentData), from the institution profile: the names,
 * the issuing office of this kind of document and its seal, and the timezone the kiosk dates the
 * document in (docs/data.md, "Institution"). Templates read only these keys; none has a name baked in.
 */
import type { DocumentKind } from '../../shared/domain.js';
import { officeFor, type Institution } from '../../shared/institution.js';

export function universityBlock(institution: Institution, kind: DocumentKind): Record<string, string> {
  // A kind no office claims is sealed by the first office (the profile needs at least one): a document
  // with no issuer on it would be worthless.
  const office = officeFor(institution, kind) ?? institution.offices[0]!;
  return {
    name: institution.name.zh,
    nameEn: institution.name.en,
    shortName: institution.shortName.zh,
    shortNameEn: institution.shortName.en,
    office: office.name.zh,
    officeEn: office.name.en,
    contact: institution.contact.zh,
    contactEn: institution.contact.en,
    verificationUrl: institution.verificationUrl,
    timezone: institution.timezone,
    // The office's scanned seal, drawn by the template in place of the generated one.
    ...(office.seal ? { seal: Buffer.from(office.seal).toString('base64') } : {}),
  };
}
