/** Minimal typing of eme-encryption-scheme-polyfill (the package ships none). */
declare module 'eme-encryption-scheme-polyfill' {
  const EmeEncryptionSchemePolyfill: { install(): void };
  export default EmeEncryptionSchemePolyfill;
}
