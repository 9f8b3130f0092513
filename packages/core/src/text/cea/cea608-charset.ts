/**
 * CEA-608 character sets (ANSI/CTA-608-E §6.4, Annex A): the basic set is
 * ASCII with nine code points replaced by accented letters, plus the special
 * (two-byte, 0x11/0x19) and extended (0x12/0x1A, 0x13/0x1B) sets.
 */

/** Basic characters that differ from ASCII. */
const BASIC_OVERRIDES: Readonly<Record<number, string>> = {
  0x2a: 'á', 0x5c: 'é', 0x5e: 'í', 0x5f: 'ó', 0x60: 'ú', 0x7b: 'ç', 0x7c: '÷', 0x7d: 'Ñ', 0x7e: 'ñ', 0x7f: '█',
};

/** Special North American characters, second byte 0x30–0x3F (0x39 is the transparent space). */
const SPECIAL = '®°½¿™¢£♪à\u00a0èâêîôû';

/** Extended Spanish/French/misc set, first byte 0x12/0x1A, second byte 0x20–0x3F. */
const EXTENDED_12 = 'ÁÉÓÚÜü‘¡*’—©℠•“”ÀÂÇÈÊËëÎÏïÔÙùÛ«»';

/** Extended Portuguese/German/Danish set, first byte 0x13/0x1B, second byte 0x20–0x3F. */
const EXTENDED_13 = 'ÃãÍÌìÒòÕõ{}\\^_|~ÄäÖöß¥¤│ÅåØø┌┐└┘';

/** A basic character (0x20–0x7F), or '' for codes outside the set. */
export function basicChar(code: number): string {
  if (code < 0x20 || code > 0x7f) return '';
  return BASIC_OVERRIDES[code] ?? String.fromCharCode(code);
}

/** A special character (second byte 0x30–0x3F after 0x11/0x19). */
export function specialChar(code: number): string {
  return code >= 0x30 && code <= 0x3f ? SPECIAL[code - 0x30]! : '';
}

/** An extended character: `set` is the first byte with the channel bit cleared (0x12 or 0x13). */
export function extendedChar(set: number, code: number): string {
  if (code < 0x20 || code > 0x3f) return '';
  return (set === 0x12 ? EXTENDED_12 : EXTENDED_13)[code - 0x20] ?? '';
}
