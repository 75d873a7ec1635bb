/**
 * Bytes of an HTML page -> text, choosing the character encoding the way a
 * browser roughly would: byte order mark, then the caller's override (e.g.
 * from an HTTP Content-Type header), then a `<meta>` declaration near the
 * top, then UTF-8. Never throws on a bad or unknown charset name.
 */

/**
 * How many leading bytes are searched for a `<meta>` charset. Browsers look
 * at 1024; pages with long inline scripts before the meta tag need more.
 * @default 4096
 */
export const META_SNIFF_BYTES = 4096;

/** Encoding used when nothing else decides, or a named one is unknown. */
export const DEFAULT_ENCODING = 'utf-8';

export interface DecodedHtml {
  text: string;
  /** The WHATWG name of the encoding used, e.g. `utf-8`, `windows-1252`. */
  encoding: string;
}

/**
 * Decodes HTML bytes. Priority: BOM > `override` > `<meta charset>` /
 * `<meta http-equiv content="...; charset=...">` in the first
 * {@link META_SNIFF_BYTES} bytes > UTF-8. A name TextDecoder does not know
 * is skipped and the next source is tried. Invalid byte sequences become
 * U+FFFD. The BOM itself is not part of the text.
 */
export function decodeHtml(bytes: Uint8Array, override?: string): DecodedHtml {
  const candidates = [bomEncoding(bytes), override, metaCharset(bytes), DEFAULT_ENCODING];
  for (const name of candidates) {
    if (name === undefined) continue;
    const decoder = makeDecoder(name);
    if (decoder !== undefined) return { text: decoder.decode(bytes), encoding: decoder.encoding };
  }
  // Unreachable: utf-8 always exists. Kept so the function is total.
  return { text: new TextDecoder().decode(bytes), encoding: DEFAULT_ENCODING };
}

function makeDecoder(label: string): TextDecoder | undefined {
  try {
    return new TextDecoder(label.trim(), { fatal: false });
  } catch {
    // RangeError for a label the WHATWG Encoding Standard does not know.
    return undefined;
  }
}

function bomEncoding(b: Uint8Array): string | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  return undefined;
}

/**
 * The charset named by the first `<meta>` that names one. The head is read
 * as latin1 so every byte maps to one character whatever the real encoding
 * (all ASCII-compatible encodings agree on the markup itself).
 */
export function metaCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, META_SNIFF_BYTES))
    .toString('latin1')
    // A commented-out meta declares nothing.
    .replace(/<!--[\s\S]*?(?:-->|$)/g, '');
  for (const tag of head.matchAll(/<meta\b[^>]*>/gi)) {
    // Covers both charset="x" and content="text/html; charset=x".
    const m = /charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i.exec(tag[0]);
    if (m === null) continue;
    const name = m[1]!.toLowerCase();
    // Bytes that show ASCII markup cannot be UTF-16; the HTML standard
    // treats such a declaration as UTF-8.
    if (name.startsWith('utf-16') || name === 'unicode') return 'utf-8';
    return name;
  }
  return undefined;
}
