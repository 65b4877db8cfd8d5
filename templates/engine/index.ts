export {
  renderCertificate,
  validateData,
  contentDigest,
  type RenderOptions,
  type RenderResult,
  type SigningOptions,
} from './render.js';
export {
  loadTemplateBundle,
  builtinTemplateDir,
  BUILTIN_DIR,
  type TemplateBundle,
  type TemplateManifest,
} from './bundle.js';
export { TemplateError, TemplateDataError, MissingGlyphsError } from './errors.js';
export {
  signVerification,
  verifyPayload,
  extractPayload,
  verificationUrl,
  maskName,
  keyIdOf,
  generateSigningKeyPair,
  publishedKey,
  VerificationError,
  type VerificationFields,
  type VerifiedFacts,
} from '../../lib/verification.js';
export { RenderPool, RenderPoolClosedError, type RenderPoolOptions } from './render-pool.js';
export { testPagePdf } from './test-page.js';
export { fontBytes } from './fonts.js';
export {
  packRelease,
  signRelease,
  signDocument,
  openSigned,
  verifyRelease,
  unpackRelease,
  releaseDigest,
  compareVersions,
  ReleaseError,
  RELEASE_FORMAT,
  type TemplateRelease,
} from './release.js';
export { pageContentDigest, verifySignedPdf } from './page-content.js';
