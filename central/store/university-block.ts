/**
 * The `university` block of a document's data (documentData), from the institution profile: the names,
 * the issuing office of this kind of document and its seal, and the timezone the kiosk dates the
 * document in (docs/data.md, "Institution"). Templates read only these keys; none has a name baked in.
 */
import type { KindDefinition } from '../../shared/document-kind.js';
import { officeFor, type Institution, type StoredOffice } from '../../shared/institution.js';

/**
 * The office that issues and seals a kind's documents: the one the institution profile lists it under
 * (the university's own word), else the one the kind's definition names, else the first (the profile
 * needs at least one): a document with no issuer on it would be worthless. A kind naming an office the
 * profile lacks (a built-in's `personnel` at a university with one office) falls through.
 */
export function issuingOffice(institution: Institution, kind: Pick<KindDefinition, 'id' | 'office'>): StoredOffice {
  return (
    officeFor(institution, kind.id) ?? institution.offices.find((o) => o.id === kind.office) ?? institution.offices[0]!
  );
}

export function universityBlock(
  institution: Institution,
  kind: Pick<KindDefinition, 'id' | 'office'>,
): Record<string, string> {
  const office = issuingOffice(institution, kind);
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
