/**
 * What a file really holds, for metadata tests that must not trust a PDF library's view: the
 * raw bytes as Latin-1, followed by every Flate stream inflated, then every hex string and
 * every UTF-16BE string (hex or literal) decoded. A marker absent from this text is absent
 * from the file in every form pdf-lib and common producers write it.
 */
import { unzlibSync } from "fflate";

/** Bytes to a string of the same length, one char per byte (TextDecoder's "latin1" is windows-1252). */
export function latin1(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}

function inflatedStreams(text: string, bytes: Uint8Array): string[] {
  const out: string[] = [];
  const re = /stream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf("endstream", start);
    if (end < 0) break;
    try {
      out.push(latin1(unzlibSync(bytes.subarray(start, end))));
    } catch {
      // not Flate data (a JPEG, or already plain): its raw bytes are in the text already
    }
    re.lastIndex = end + "endstream".length;
  }
  return out;
}

function utf16be(bytes: Uint8Array): string {
  let s = "";
  for (let i = 2; i + 1 < bytes.length; i += 2) s += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
  return s;
}

function decodedStrings(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/<([0-9A-Fa-f\s]+)>/g)) {
    const hex = m[1]!.replace(/\s/g, "");
    const bytes = Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
    out.push(bytes[0] === 0xfe && bytes[1] === 0xff ? utf16be(bytes) : latin1(bytes));
  }
  for (const m of text.matchAll(/\(\xfe\xff((?:[^\\)]|\\.)*)\)/g)) {
    const raw = m[1]!.replace(/\\(.)/g, "$1");
    out.push(utf16be(Uint8Array.from("\xfe\xff" + raw, (c) => c.charCodeAt(0))));
  }
  return out;
}

/** Everything the bytes say, decoded once more inside what inflating revealed (object streams). */
export function rawText(bytes: Uint8Array): string {
  const text = latin1(bytes);
  const inflated = inflatedStreams(text, bytes).join("\n");
  const all = `${text}\n${inflated}`;
  return `${all}\n${decodedStrings(all).join("\n")}`;
}

/** The payloads of every DCTDecode image stream in a PDF (the JPEG files a viewer would decode). */
export function jpegStreams(bytes: Uint8Array): Uint8Array[] {
  const text = latin1(bytes);
  const out: Uint8Array[] = [];
  for (let i = text.indexOf("\xff\xd8\xff"); i >= 0; i = text.indexOf("\xff\xd8\xff", i + 3)) {
    const end = text.indexOf("endstream", i);
    out.push(bytes.subarray(i, end < 0 ? bytes.length : end));
  }
  return out;
}
