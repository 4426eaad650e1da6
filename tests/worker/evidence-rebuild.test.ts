/**
 * Evidence rebuilt from its parts (issue 15 §1; security review H1, H2, H3, M5). Every check
 * reads the raw bytes (streams inflated, hex and UTF-16 strings decoded: ./raw-bytes.ts), never
 * only a library's view of the file.
 */
import { describe, expect, it } from "vitest";
import jpeg from "jpeg-js";
// @ts-expect-error piexifjs ships no types
import piexif from "piexifjs";
import exifr from "exifr";
import { PNG } from "pngjs";
import { zlibSync } from "fflate";
import { PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString } from "pdf-lib";
import { EvidenceRejectedError, cleanEvidence } from "../../worker/domain/evidence.ts";
import { scanPdf } from "../../worker/domain/evidence/pdf-scan.ts";
import { t } from "../../site/i18n/index.ts";
import { seededRandom } from "../../scripts/lib/seeded-random.ts";
import { jpegStreams, latin1 as binary, rawText } from "./raw-bytes.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const join = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
};

function plainJpeg(width = 64, height = 48): Uint8Array {
  return new Uint8Array(jpeg.encode({ data: Buffer.alloc(width * height * 4, 0x80), width, height }, 90).data);
}

/** The review's photo: camera, owner, serial, times and a GPS position; optionally rotated. */
function gpsJpeg(make = "AuditCam-main", orientation?: number): Uint8Array {
  const exif = piexif.dump({
    "0th": {
      [piexif.ImageIFD.Make]: make,
      [piexif.ImageIFD.Model]: "SN-SERIAL-0042",
      [piexif.ImageIFD.Artist]: "ZHANGSAN-ARTIST",
      [piexif.ImageIFD.DateTime]: "2026:11:30 09:41:07",
      ...(orientation ? { [piexif.ImageIFD.Orientation]: orientation } : {}),
    },
    Exif: { [piexif.ExifIFD.DateTimeOriginal]: "2026:11:30 09:41:07", [piexif.ExifIFD.BodySerialNumber]: "BODYSERIAL-777" },
    GPS: {
      [piexif.GPSIFD.GPSLatitudeRef]: "N",
      [piexif.GPSIFD.GPSLatitude]: [
        [25, 1],
        [58, 1],
        [4321, 100],
      ],
      [piexif.GPSIFD.GPSLongitudeRef]: "E",
      [piexif.GPSIFD.GPSLongitude]: [
        [113, 1],
        [56, 1],
        [1234, 100],
      ],
    },
  });
  return latin1(piexif.insert(exif, binary(plainJpeg())));
}

const JPEG_MARKERS = ["AuditCam", "SN-SERIAL", "ZHANGSAN", "BODYSERIAL", "2026:11:30", "Exif"];

function segment(marker: number, payload: Uint8Array | string): Uint8Array {
  const body = typeof payload === "string" ? latin1(payload) : payload;
  return join(Uint8Array.of(0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff), body);
}

/** Segments inserted right after SOI. */
const afterSoi = (file: Uint8Array, ...segments: Uint8Array[]) => join(file.subarray(0, 2), ...segments, file.subarray(2));
/** A segment inserted just before the final EOI (after the scan). */
const beforeEoi = (file: Uint8Array, seg: Uint8Array) => join(file.subarray(0, file.length - 2), seg, file.subarray(file.length - 2));

const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

async function refusal(bytes: Uint8Array, declared: string): Promise<string> {
  const err = await cleanEvidence(bytes, declared).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(EvidenceRejectedError);
  return (err as EvidenceRejectedError).reason;
}

describe("security H3: a JPEG is rebuilt from its first frame", () => {
  it("drops a second, GPS-tagged image appended after the first EOI", async () => {
    const input = join(plainJpeg(), gpsJpeg("AuditCam-secondary"));
    expect(rawText(input)).toContain("AuditCam-secondary");
    const { bytes } = await cleanEvidence(input, "image/jpeg");
    const text = rawText(bytes);
    for (const m of JPEG_MARKERS) expect(text).not.toContain(m);
    expect(count(text, "\xff\xd8")).toBe(1);
    expect(binary(bytes.subarray(-2))).toBe("\xff\xd9");
    expect(jpeg.decode(bytes)).toMatchObject({ width: 64, height: 48 });
  });

  it("drops a JFXX thumbnail, APP1 EXIF/XMP, APP2, APP13 and COM, before and after the scan", async () => {
    const thumb = join(latin1("JFXX\0\x10"), gpsJpeg("AuditCam-thumb"));
    let input = afterSoi(
      gpsJpeg(),
      segment(0xe0, thumb),
      segment(0xe1, "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>MARK-XMP</x:xmpmeta>"),
      segment(0xe2, "ICC_PROFILE\0\x01\x01MARK-APP2"),
      segment(0xed, "Photoshop 3.0\x008BIM MARK-APP13"),
      segment(0xfe, "MARK-COM-BEFORE"),
    );
    input = beforeEoi(input, segment(0xfe, "COMMENT-AFTER-SOS-zhangsan-x"));
    for (const m of ["AuditCam-thumb", "MARK-XMP", "MARK-APP2", "MARK-APP13", "MARK-COM-BEFORE", "COMMENT-AFTER-SOS"]) expect(rawText(input)).toContain(m);
    const { bytes } = await cleanEvidence(input, "image/jpeg");
    const text = rawText(bytes);
    for (const m of [...JPEG_MARKERS, "JFXX", "xmpmeta", "MARK-", "ICC_PROFILE", "Photoshop", "COMMENT-AFTER-SOS"]) expect(text).not.toContain(m);
    expect(await exifr.parse(bytes, { gps: true, tiff: true, exif: true, xmp: true, icc: true, iptc: true, jfif: false })).toBeUndefined();
    expect(jpeg.decode(bytes)).toMatchObject({ width: 64, height: 48 });
  });

  it("writes a fresh minimal JFIF header and, for a rotated photo, an EXIF holding only Orientation", async () => {
    const { bytes } = await cleanEvidence(gpsJpeg("AuditCam-main", 6), "image/jpeg");
    expect(binary(bytes.subarray(0, 21))).toBe("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff");
    expect(await exifr.orientation(bytes)).toBe(6);
    const tags = await exifr.parse(bytes, { tiff: true, exif: true, gps: true, translateValues: false });
    expect(Object.keys(tags)).toEqual(["Orientation"]);
    for (const m of JPEG_MARKERS.filter((m) => m !== "Exif")) expect(rawText(bytes)).not.toContain(m);
  });

  it("keeps every scan of a progressive JPEG and the tables between them", async () => {
    const sof2 = segment(0xc2, Uint8Array.of(8, 0, 16, 0, 16, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1));
    const dqt = segment(0xdb, Uint8Array.of(0, ...new Array(64).fill(1)));
    const dht = (id: number) => segment(0xc4, Uint8Array.of(id, 1, ...new Array(15).fill(0), 0));
    const scan = (n: number) => join(segment(0xda, Uint8Array.of(1, 1, 0, 0, 63, 0)), Uint8Array.of(n, 0xff, 0x00, 0xff, 0xd0, n));
    const input = join(
      Uint8Array.of(0xff, 0xd8),
      dqt,
      sof2,
      dht(0),
      scan(0x11),
      segment(0xfe, "MARK-BETWEEN"),
      dht(0x10),
      scan(0x22),
      scan(0x33),
      Uint8Array.of(0xff, 0xd9),
      latin1("TRAILER"),
    );
    const { bytes } = await cleanEvidence(input, "image/jpeg");
    const text = binary(bytes);
    expect(text).toContain(binary(join(dht(0), scan(0x11), dht(0x10), scan(0x22), scan(0x33), Uint8Array.of(0xff, 0xd9))));
    expect(text).not.toContain("MARK-BETWEEN");
    expect(text).not.toContain("TRAILER");
  });

  it("refuses a JPEG whose frame declares more than 50 megapixels", async () => {
    const input = plainJpeg();
    const sof = binary(input).indexOf("\xff\xc0");
    input.set([10000 >> 8, 10000 & 0xff, 6000 >> 8, 6000 & 0xff], sof + 5);
    expect(await refusal(input, "image/jpeg")).toBe("too_many_pixels");
  });
});

function pngWith(chunks: [string, string][], trailer = ""): Uint8Array {
  const base = new Uint8Array(PNG.sync.write(new PNG({ width: 4, height: 3 })));
  const iend = base.length - 12;
  const extra = chunks.map(([type, text]) => {
    const data = latin1(text);
    const c = new Uint8Array(12 + data.length);
    new DataView(c.buffer).setUint32(0, data.length);
    c.set(latin1(type), 4);
    c.set(data, 8);
    return c;
  });
  return join(base.subarray(0, iend), ...extra, base.subarray(iend), latin1(trailer));
}

function chunkTypes(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const types: string[] = [];
  for (let i = 8; i < bytes.length; i += 12 + view.getUint32(i)) types.push(binary(bytes.subarray(i + 4, i + 8)));
  return types;
}

describe("security H3: a PNG keeps IHDR, PLTE, tRNS, IDAT and IEND only", () => {
  it("drops tEXt, iTXt, zTXt, eXIf, unknown chunks and bytes after IEND", async () => {
    const input = pngWith(
      [
        ["tEXt", "Author\0MARK-TEXT"],
        ["iTXt", "XML:com.adobe.xmp\0\0\0\0\0MARK-ITXT"],
        ["zTXt", "Comment\0\0MARK-ZTXT"],
        ["eXIf", "MM\0*MARK-EXIF"],
        ["gAMA", "MARK"],
        ["prVt", "MARK-PRIVATE"],
      ],
      "MARK-AFTER-IEND",
    );
    const { bytes } = await cleanEvidence(input, "image/png");
    expect(rawText(bytes)).not.toContain("MARK");
    expect(chunkTypes(bytes)).toEqual(["IHDR", "IDAT", "IEND"]);
    expect(binary(bytes)).toBe(binary(pngWith([])));
  });

  it("refuses a PNG whose header declares more than 50 megapixels", async () => {
    const input = pngWith([]);
    new DataView(input.buffer).setUint32(16, 8000);
    new DataView(input.buffer).setUint32(20, 8000);
    expect(await refusal(input, "image/png")).toBe("too_many_pixels");
  });
});

async function infoPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setAuthor("PDF-AUTHOR-ZHANGSAN");
  doc.setCreator("PDF-CREATOR-WPS");
  doc.setProducer("PDF-PRODUCER-X");
  doc.setTitle("PDF-TITLE-SECRET");
  doc.setCreationDate(new Date("2026-11-30T09:41:07Z"));
  doc.addPage([200, 200]).drawText("evidence text", { x: 20, y: 100 });
  const xmp = doc.context.stream("<x:xmpmeta><dc:creator>XMP-CREATOR-ZHANGSAN</dc:creator></x:xmpmeta>", { Type: "Metadata", Subtype: "XML" });
  doc.catalog.set(PDFName.of("Metadata"), doc.context.register(xmp));
  return doc.save();
}

/** A phone "scan to PDF": the page is the GPS-tagged photo, which carries its own XMP too. */
async function scannedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const image = await doc.embedJpg(gpsJpeg());
  doc.addPage([200, 200]).drawImage(image, { x: 0, y: 0, width: 200, height: 150 });
  const xmp = doc.context.register(doc.context.stream("<x:xmpmeta>IMAGE-XMP-MARK</x:xmpmeta>", { Type: "Metadata", Subtype: "XML" }));
  await image.embed();
  (doc.context.lookup(image.ref) as PDFRawStream).dict.set(PDFName.of("Metadata"), xmp);
  return doc.save();
}

/** The review's annotated PDF, plus a link, a form field, a page action and page-piece data. */
async function annotatedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([200, 200]);
  page.drawText("evidence text", { x: 20, y: 150 });
  const { context } = doc;
  const note = context.obj({
    Type: "Annot",
    Subtype: "Text",
    Rect: [10, 10, 30, 30],
    T: PDFString.of("ANNOT-AUTHOR-ZHANGSAN"),
    M: PDFString.of("D:20261130094107+08'00'"),
    Contents: PDFHexString.fromText("ANNOT-CONTENTS"),
  });
  const link = context.obj({ Type: "Annot", Subtype: "Link", Rect: [40, 10, 90, 30], A: { S: "URI", URI: PDFString.of("https://link-uri-marker.example/") } });
  page.node.set(PDFName.of("Annots"), context.obj([context.register(note), context.register(link)]));
  page.node.set(PDFName.of("LastModified"), PDFString.of("D:20261130094107Z"));
  page.node.set(PDFName.of("PieceInfo"), context.obj({ App: { Private: PDFString.of("PIECE-INFO-MARK") } }));
  page.node.set(PDFName.of("AA"), context.obj({ O: { S: "JavaScript", JS: PDFString.of("app.alert('JS-PAGE-OPEN')") } }));
  doc.catalog.set(PDFName.of("OpenAction"), context.obj({ S: "JavaScript", JS: PDFString.of("app.alert('JS-ON-OPEN')") }));
  const field = doc.getForm().createTextField("FORM-FIELD-NAME");
  field.setText("FORM-FIELD-VALUE");
  field.addToPage(page, { x: 20, y: 60, width: 150, height: 20 });
  await doc.attach(enc("ATTACHED-FILE-BODY name=zhangsan phone=13800000000"), "notes-zhangsan.txt", {
    mimeType: "text/plain",
    creationDate: new Date("2026-11-30T09:41:07Z"),
    modificationDate: new Date("2026-11-30T09:41:07Z"),
  });
  return doc.save();
}

const PDF_MARKERS = [
  "PDF-AUTHOR-ZHANGSAN",
  "PDF-CREATOR-WPS",
  "PDF-PRODUCER-X",
  "PDF-TITLE-SECRET",
  "XMP-CREATOR-ZHANGSAN",
  "20261130094107",
  "IMAGE-XMP-MARK",
  ...JPEG_MARKERS,
  "ANNOT-AUTHOR-ZHANGSAN",
  "ANNOT-CONTENTS",
  "link-uri-marker",
  "PIECE-INFO-MARK",
  "JS-PAGE-OPEN",
  "JS-ON-OPEN",
  "FORM-FIELD-NAME",
  "FORM-FIELD-VALUE",
  "ATTACHED-FILE-BODY",
  "13800000000",
  "notes-zhangsan",
  "/Author",
  "/Creator",
  "/Producer",
  "/Annots",
  "/EmbeddedFile",
  "/JavaScript",
  "/AcroForm",
  "/OpenAction",
  "/Metadata",
];

describe("security H1/H2: a PDF is rebuilt keeping only what its pages show", () => {
  it.each([
    ["security H1: the information dictionary and XMP", infoPdf, ["PDF-AUTHOR-ZHANGSAN", "PDF-TITLE-SECRET", "XMP-CREATOR-ZHANGSAN"]],
    [
      "security H2: annotation authors, links, attachments, JavaScript, form fields, page data",
      annotatedPdf,
      ["ANNOT-AUTHOR-ZHANGSAN", "link-uri-marker", "ATTACHED-FILE-BODY", "JS-ON-OPEN", "FORM-FIELD-VALUE", "PIECE-INFO-MARK"],
    ],
  ])("%s are gone from the raw bytes, the page's text stays", async (_name, make, planted) => {
    const input = await make();
    for (const m of planted) expect(rawText(input)).toContain(m); // the fixture and the helper are real
    const { bytes } = await cleanEvidence(input, "application/pdf");
    const text = rawText(bytes);
    for (const m of PDF_MARKERS) expect(text).not.toContain(m);
    expect(text).toContain("evidence text");
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(1);
  });

  it("security H2: a phone-scan PDF keeps its page image but loses the photo's EXIF, GPS and XMP", async () => {
    const input = await scannedPdf();
    const [photo] = jpegStreams(input);
    expect((await exifr.gps(photo!)).latitude).toBeCloseTo(25.9787, 3);
    const { bytes } = await cleanEvidence(input, "application/pdf");
    const text = rawText(bytes);
    for (const m of PDF_MARKERS) expect(text).not.toContain(m);
    const images = jpegStreams(bytes);
    expect(images).toHaveLength(1);
    expect(await exifr.parse(images[0]!, { gps: true, tiff: true, exif: true, xmp: true })).toBeUndefined();
    expect(jpeg.decode(images[0]!)).toMatchObject({ width: 64, height: 48 });
  });
});

/** A hand-built PDF around the given objects (the pre-scan reads objects, not the xref table). */
function pdfOf(objects: string[], trailer = "<< /Root 1 0 R >>"): Uint8Array {
  return latin1(`%PDF-1.7\n${objects.map((o, i) => `${i + 1} 0 obj\n${o}\nendobj\n`).join("")}trailer\n${trailer}\n%%EOF\n`);
}
const CATALOG = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>"];

function flateStream(dict: string, size: number): string {
  const data = zlibSync(new Uint8Array(size).fill(0x20), { level: 9 });
  return `<< ${dict} /Filter /FlateDecode /Length ${data.length} >>\nstream\n${binary(data)}\nendstream`;
}

describe("security M5: the PDF pre-scan refuses bombs and pathological structures by name", () => {
  it("refuses a compression bomb over 40 MB decoded, or 8 MB in an object or cross-reference stream (the review's M5 file)", async () => {
    const bomb = pdfOf([...CATALOG, flateStream("", 48 * 1024 * 1024)]);
    expect(bomb.length).toBeLessThan(100_000);
    expect(await refusal(bomb, "application/pdf")).toBe("pdf_stream_too_large");
    expect(await refusal(pdfOf([...CATALOG, flateStream("/Type /ObjStm /N 1 /First 4", 9 * 1024 * 1024)]), "application/pdf")).toBe(
      "pdf_object_stream_too_large",
    );
    expect(await refusal(pdfOf([...CATALOG, flateStream("/Type /XRef /W [1 2 1] /Size 4", 9 * 1024 * 1024)]), "application/pdf")).toBe(
      "pdf_object_stream_too_large",
    );
  });

  it("refuses, in the pre-scan itself, object streams it cannot measure: a filter by reference, or one other than Flate", async () => {
    // Empty object streams: nothing else in them could make the scan fail.
    const lzw = "<< /Type /ObjStm /N 0 /First 0 /Filter /LZWDecode /Length 2 >>\nstream\n\x80\x0b\nendstream";
    const byRef = flateStream("/Type /ObjStm /N 0 /First 0", 16).replace("/Filter /FlateDecode", "/Filter 5 0 R");
    for (const file of [pdfOf([...CATALOG, lzw]), pdfOf([...CATALOG, byRef, "/FlateDecode"])]) {
      const err = (() => {
        try {
          return scanPdf(file, binary(file));
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(EvidenceRejectedError);
      expect((err as EvidenceRejectedError).reason).toBe("corrupt");
    }
  });

  it("refuses streams that together decode to more than 64 MB", async () => {
    const stream = flateStream("", 30 * 1024 * 1024);
    expect(await refusal(pdfOf([...CATALOG, stream, stream, stream]), "application/pdf")).toBe("pdf_decoded_too_large");
  });

  it("refuses nesting deeper than 64 levels, more than 20,000 objects or 250,000 values, and more than 500 pages", async () => {
    expect(await refusal(pdfOf([...CATALOG, "[".repeat(100) + "]".repeat(100)]), "application/pdf")).toBe("pdf_too_deep");
    expect(await refusal(pdfOf([...CATALOG, ...new Array(20_000).fill("null")]), "application/pdf")).toBe("pdf_too_many_objects");
    expect(await refusal(pdfOf([...CATALOG, `[${"0 ".repeat(250_001)}]`]), "application/pdf")).toBe("pdf_too_many_values");
    const many = await PDFDocument.create();
    for (let i = 0; i < 501; i++) many.addPage([10, 10]);
    expect(await refusal(await many.save(), "application/pdf")).toBe("pdf_too_many_pages");
  });
});

describe("encrypted PDFs (fixtures encrypted by qpdf: tests/support/encrypted-pdfs.ts)", () => {
  const fixture = async (name: "rc4_128" | "aes_128" | "aes_256" | "aes_128_no_object_streams" | "password") => {
    const { env } = await import("cloudflare:workers");
    const all = env.TEST_ENCRYPTED_PDFS;
    if ("missing" in all) throw new Error(all.missing);
    return Uint8Array.from(atob(all[name]), (c) => c.charCodeAt(0));
  };

  it.each(["rc4_128", "aes_128", "aes_256", "aes_128_no_object_streams"] as const)(
    "with an empty user password (%s) are decrypted and rebuilt",
    async (name) => {
      const input = await fixture(name);
      expect(rawText(input)).not.toContain("evidence text"); // really encrypted
      const { bytes } = await cleanEvidence(input, "application/pdf");
      const text = rawText(bytes);
      expect(text).toContain("evidence text");
      for (const m of ["ENC-AUTHOR-ZHANGSAN", "/Encrypt", "/Author"]) expect(text).not.toContain(m);
      expect((await PDFDocument.load(bytes)).getPageCount()).toBe(1);
    },
  );

  it("that need a password are refused, with the message to send a screenshot instead", async () => {
    expect(await refusal(await fixture("password"), "application/pdf")).toBe("encrypted");
    expect(t("zh-CN", "report.e.evidence_encrypted")).toBe("这个 PDF 需要密码才能打开。请截图或拍照后上传。");
  });

  it("with a /Encrypt dictionary that is not the Standard handler are refused", async () => {
    const locked = pdfOf(CATALOG, "<< /Root 1 0 R /Encrypt << /Filter /Adobe.PubSec /V 4 /R 4 >> >>");
    expect(await refusal(locked, "application/pdf")).toBe("encrypted");
  });
});

describe("damaged files", () => {
  it("are cleaned or refused with a reason, never anything else (200 byte-flipped and truncated variants)", async () => {
    const random = seededRandom(15);
    const bases: [Uint8Array, string][] = [
      [gpsJpeg(), "image/jpeg"],
      [pngWith([["tEXt", "a\0b"]]), "image/png"],
      [await annotatedPdf(), "application/pdf"],
      [await scannedPdf(), "application/pdf"],
    ];
    for (const [base, type] of bases) {
      for (let k = 0; k < 50; k++) {
        const variant = k % 10 === 9 ? base.slice(0, Math.floor(base.length * random())) : base.slice();
        if (k % 10 !== 9) for (let f = 0; f < 4; f++) variant[8 + Math.floor(random() * (variant.length - 8))] = Math.floor(random() * 256);
        const outcome = await cleanEvidence(variant, type).then(
          () => "cleaned",
          (e: unknown) => (e instanceof EvidenceRejectedError ? "refused" : e),
        );
        expect(["cleaned", "refused"]).toContain(outcome);
      }
    }
  });
});

describe("evidence through the no-JS form", () => {
  it.each([
    ["security H1: a PDF's information dictionary and XMP", "application/pdf", infoPdf, PDF_MARKERS],
    ["security H2: a PDF's annotations, attachments, JavaScript and form fields", "application/pdf", annotatedPdf, PDF_MARKERS],
    ["security H2: a phone-scan PDF's photo EXIF and GPS", "application/pdf", scannedPdf, PDF_MARKERS],
    ["security H3: a JPEG's appended GPS-tagged image", "image/jpeg", async () => join(plainJpeg(), gpsJpeg("AuditCam-secondary")), JPEG_MARKERS],
  ] as const)("%s are absent from the object stored in R2", async (_name, type, make, markers) => {
    const { env } = await import("cloudflare:workers");
    const { formFields, makeArea, postForm, validReport } = await import("./report-fixtures.ts");
    const area = await makeArea();
    const res = await postForm("/report", formFields(validReport(area)), [{ name: "张三-举报材料", type, bytes: await make() }]);
    expect(res.status).toBe(201);
    const row = await env.DB.prepare(
      "SELECT coalesce(e.staged_key, e.r2_key) AS key FROM evidence e JOIN reports r ON r.id = e.report_id WHERE r.township_code = ?1",
    )
      .bind(area.township)
      .first<{ key: string }>();
    const stored = new Uint8Array(await (await env.EVIDENCE.get(row!.key))!.arrayBuffer());
    const text = rawText(stored);
    for (const m of markers) expect(text).not.toContain(m);
    for (const image of type === "image/jpeg" ? [stored] : jpegStreams(stored))
      expect(await exifr.parse(image, { gps: true, tiff: true, exif: true, xmp: true })).toBeUndefined();
  });

  it("security M5: a bomb is refused with a 400 naming the limit, in the page's language", async () => {
    const { exports } = await import("cloudflare:workers");
    const bomb = pdfOf([...CATALOG, flateStream("/Type /ObjStm /N 1 /First 4", 48 * 1024 * 1024)]);
    const res = await exports.default.fetch("http://localhost/api/evidence", { method: "POST", headers: { "content-type": "application/pdf" }, body: bomb });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { fields: { path: string; code: string; message: string }[] };
    expect(body.fields).toContainEqual({
      path: "evidence",
      code: "report.e.evidence_pdf_object_stream_too_large",
      message: t("zh-CN", "report.e.evidence_pdf_object_stream_too_large"),
    });
  });
});
