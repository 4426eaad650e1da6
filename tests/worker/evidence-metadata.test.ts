import { describe, expect, it } from "vitest";
import jpeg from "jpeg-js";
// @ts-expect-error piexifjs ships no types
import piexif from "piexifjs";
import exifr from "exifr";
import { PNG } from "pngjs";
import { PDFDocument, PDFName } from "pdf-lib";
import { EvidenceRejectedError, cleanEvidence } from "../../worker/domain/evidence.ts";

const toBinary = (bytes: Uint8Array) => Array.from(bytes, (b) => String.fromCharCode(b)).join("");
const fromBinary = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** A real JPEG (jpeg-js) with EXIF naming a camera and a GPS position (piexifjs). */
function gpsTaggedJpeg(): Uint8Array {
  const width = 16;
  const height = 16;
  const pixels = Buffer.alloc(width * height * 4, 0x80);
  const plain = jpeg.encode({ data: pixels, width, height }, 90).data;
  const exif = piexif.dump({
    "0th": { [piexif.ImageIFD.Make]: "TestCam", [piexif.ImageIFD.Model]: "Spy Phone 9", [piexif.ImageIFD.Artist]: "张三" },
    Exif: { [piexif.ExifIFD.DateTimeOriginal]: "2025:03:01 08:15:00", [piexif.ExifIFD.BodySerialNumber]: "SN-123456" },
    GPS: {
      [piexif.GPSIFD.GPSLatitudeRef]: "N",
      [piexif.GPSIFD.GPSLatitude]: [
        [25, 1],
        [58, 1],
        [3000, 100],
      ],
      [piexif.GPSIFD.GPSLongitudeRef]: "E",
      [piexif.GPSIFD.GPSLongitude]: [
        [113, 1],
        [56, 1],
        [1500, 100],
      ],
    },
  });
  return fromBinary(piexif.insert(exif, toBinary(new Uint8Array(plain))));
}

/** Appends a chunk before IEND (CRC left zero: our cleaner does not trust chunk content anyway). */
function pngWithChunks(extra: [string, string][]): Uint8Array {
  const base = new Uint8Array(PNG.sync.write(new PNG({ width: 2, height: 2 })));
  const iend = base.length - 12;
  const chunks = extra.map(([type, text]) => {
    const data = new TextEncoder().encode(text);
    const chunk = new Uint8Array(12 + data.length);
    new DataView(chunk.buffer).setUint32(0, data.length);
    chunk.set(new TextEncoder().encode(type), 4);
    chunk.set(data, 8);
    return chunk;
  });
  const out = new Uint8Array(base.length + chunks.reduce((n, c) => n + c.length, 0));
  out.set(base.subarray(0, iend));
  let offset = iend;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  out.set(base.subarray(iend), offset);
  return out;
}

function pngChunkTypes(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const types: string[] = [];
  for (let i = 8; i < bytes.length; i += 12 + view.getUint32(i)) types.push(String.fromCharCode(...bytes.subarray(i + 4, i + 8)));
  return types;
}

const contains = (bytes: Uint8Array, text: string) => toBinary(bytes).includes(text);

describe("cleanEvidence", () => {
  describe("a GPS-tagged JPEG photo", () => {
    it("has GPS and camera data before cleaning (the fixture is real)", async () => {
      const before = await exifr.parse(gpsTaggedJpeg(), { gps: true, tiff: true, exif: true });
      expect(before.latitude).toBeCloseTo(25.975, 2);
      expect(before.Make).toBe("TestCam");
    });

    it("comes out with no GPS, no camera and no EXIF data at all, and still decodes to the same size", async () => {
      const { bytes, mediaType } = await cleanEvidence(gpsTaggedJpeg(), "image/jpeg");
      expect(mediaType).toBe("image/jpeg");
      expect(await exifr.parse(bytes, { gps: true, tiff: true, exif: true, xmp: true, icc: true, iptc: true })).toBeUndefined();
      expect(await exifr.gps(bytes).catch(() => undefined)).toBeUndefined();
      for (const text of ["Exif", "TestCam", "Spy Phone", "SN-123456", "2025:03:01"]) expect(contains(bytes, text)).toBe(false);
      const decoded = jpeg.decode(bytes);
      expect([decoded.width, decoded.height]).toEqual([16, 16]);
    });
  });

  describe("a PNG image", () => {
    it("loses text, eXIf, iCCP and tIME chunks but keeps the image", async () => {
      const input = pngWithChunks([
        ["tEXt", "Author\0张三"],
        ["iTXt", "XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta/>"],
        ["eXIf", "MM\0*GPS"],
        ["iCCP", "camera profile\0\0x"],
        ["tIME", "\x07\xe9\x03\x01\x08\x0f\x00"],
      ]);
      const { bytes } = await cleanEvidence(input, "image/png");
      for (const type of ["tEXt", "iTXt", "eXIf", "iCCP", "tIME", "xmpmeta"]) expect(contains(bytes, type)).toBe(false);
      expect(pngChunkTypes(bytes)).toEqual(["IHDR", "IDAT", "IEND"]);
      expect(new DataView(bytes.buffer, bytes.byteOffset).getUint32(16)).toBe(2); // IHDR width
    });
  });

  describe("a PDF document", () => {
    it("loses its information dictionary and XMP metadata but keeps its pages", async () => {
      const doc = await PDFDocument.create();
      doc.setAuthor("张三 Zhang San");
      doc.setCreator("Office Suite 2024");
      doc.setProducer("Producer X");
      doc.addPage([200, 200]).drawText("evidence");
      const xmp = doc.context.stream("<x:xmpmeta><dc:creator>Zhang San</dc:creator></x:xmpmeta>", { Type: "Metadata", Subtype: "XML" });
      doc.catalog.set(PDFName.of("Metadata"), doc.context.register(xmp));
      const input = await doc.save({ useObjectStreams: false });
      expect(contains(input, "Zhang San")).toBe(true);

      const { bytes, mediaType } = await cleanEvidence(input, "application/pdf");
      expect(mediaType).toBe("application/pdf");
      for (const text of ["Zhang San", "Office Suite", "Producer X", "xmpmeta", "/Author", "/Creator"]) expect(contains(bytes, text)).toBe(false);
      const reread = await PDFDocument.load(bytes, { updateMetadata: false });
      expect(reread.getPageCount()).toBe(1);
      expect(reread.getAuthor()).toBeUndefined();
    });
  });

  describe("files that cannot be cleaned", () => {
    it.each([
      ["an unsupported type", new TextEncoder().encode("GIF89a...."), null, "unsupported_type"],
      ["a declared type that does not match the content", new Uint8Array(PNG.sync.write(new PNG({ width: 1, height: 1 }))), "image/jpeg", "type_mismatch"],
      ["a truncated JPEG", new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0x10, 0x00, 0x01]), "image/jpeg", "corrupt"],
      ["a PNG without IEND", new Uint8Array(PNG.sync.write(new PNG({ width: 1, height: 1 }))).subarray(0, 40), "image/png", "corrupt"],
      ["a broken PDF", new TextEncoder().encode("%PDF-1.7\n garbage"), "application/pdf", "corrupt"],
      ["an empty file", new Uint8Array(0), "image/png", "empty"],
    ])("refuses %s", async (_name, bytes, declared, reason) => {
      const err = await cleanEvidence(bytes as Uint8Array, declared as string | null).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EvidenceRejectedError);
      expect((err as EvidenceRejectedError).reason).toBe(reason);
    });
  });
});

describe("evidence sent with the no-JS form", () => {
  it("is stored in R2 only after its GPS and camera data were removed", async () => {
    const { env } = await import("cloudflare:workers");
    const { formFields, makeArea, postForm, validReport } = await import("./report-fixtures.ts");
    const area = await makeArea();
    const res = await postForm("/report", formFields(validReport(area)), [{ name: "photo.jpg", type: "image/jpeg", bytes: gpsTaggedJpeg() }]);
    expect(res.status).toBe(201);
    const row = await env.DB.prepare(
      "SELECT coalesce(e.staged_key, e.r2_key) AS key FROM evidence e JOIN reports r ON r.id = e.report_id WHERE r.township_code = ?1",
    )
      .bind(area.township)
      .first<{ key: string }>();
    const object = await env.EVIDENCE.get(row!.key);
    const stored = new Uint8Array(await object!.arrayBuffer());
    expect(await exifr.parse(stored, { gps: true, tiff: true, exif: true })).toBeUndefined();
    expect(contains(stored, "TestCam")).toBe(false);
  });
});
