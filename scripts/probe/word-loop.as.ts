// The fast scan's inner loop alone, in AssemblyScript, for scripts/probe/scan-floor.mjs (session 25):
// per line, byte classes, an FNV-1a hash of each word (ASCII lower-cased), one probe of the fast
// word table per word and per pair after a word that starts one, and four counts out. Not part of
// the product; it measures whether WebAssembly would make the fast scan cheap enough for issue 5's
// text target. Build: npx -y -p assemblyscript@0.28.20 asc scripts/probe/word-loop.as.ts -O3 --noAssert --runtime stub -o .bench/word-loop.wasm
const FNV_OFFSET: u32 = 0x811c9dc5;
const FNV_PRIME: u32 = 0x01000193;

/** The class table at address 0: 1 lower, 2 upper, 4 digit, 8 space; bytes from 128 on count as letters. */
export function init(): void {
  for (let c = 0; c < 256; c++) store<u8>(c, c >= 128 ? 1 : 0);
  for (let c = 97; c <= 122; c++) store<u8>(c, 1);
  for (let c = 65; c <= 90; c++) store<u8>(c, 2);
  for (let c = 48; c <= 57; c++) store<u8>(c, 4);
  store<u8>(32, 8);
  store<u8>(9, 8);
}

/** The bits of hash h in the table at t ([key, bits] pairs of i32, mask + 1 slots); 0 when absent. */
@inline function probe(t: usize, mask: u32, h: u32): u32 {
  let slot = h & mask;
  while (true) {
    const v = load<u32>(t + (slot << 3) + 4);
    if (v == 0 || load<u32>(t + (slot << 3)) == h) return v;
    slot = (slot + 1) & mask;
  }
}

/** Scan the lines of bytes [b, b + len) into four i32 a line at o; returns the number of lines. */
export function scan(b: usize, len: usize, t: usize, mask: u32, o: usize): i32 {
  let i: usize = 0;
  let lines = 0;
  while (i < len) {
    let words = 0, stops = 0, letters = 0, other = 0;
    let prev: u32 = 0;
    let prevPairs = false;
    while (i < len) {
      let c = <u32>load<u8>(b + i);
      if (c == 10) {
        i++;
        break;
      }
      let cls = <u32>load<u8>(c);
      if ((cls & 7) != 0) {
        let h = FNV_OFFSET;
        let hp: u32 = prevPairs ? (prev ^ 32) * FNV_PRIME : 0;
        while (true) {
          if (cls == 4) other++;
          else {
            letters++;
            if (cls == 2) {
              other++;
              c += 32;
            }
          }
          h = (h ^ c) * FNV_PRIME;
          if (prevPairs) hp = (hp ^ c) * FNV_PRIME;
          i++;
          if (i >= len) break;
          c = <u32>load<u8>(b + i);
          cls = <u32>load<u8>(c);
          if ((cls & 7) == 0) break;
        }
        words++;
        const own = probe(t, mask, h);
        let bits = own & 0x3fffffff;
        if (prevPairs) bits |= probe(t, mask, hp) & 0x3ffffffe;
        stops += bits & 1;
        prev = h;
        prevPairs = (own & 0x40000000) != 0;
        continue;
      }
      i++;
    }
    store<i32>(o + (lines << 4), words);
    store<i32>(o + (lines << 4) + 4, stops);
    store<i32>(o + (lines << 4) + 8, letters);
    store<i32>(o + (lines << 4) + 12, other);
    lines++;
  }
  return lines;
}
