/**
 * A NEW PDF holding only what the pages show (security H1, H2): each page's boxes, rotation,
 * content and resources (fonts, images, forms, patterns…), copied object by object into a fresh
 * document. Nothing else is reachable from it, so nothing else is written: no information
 * dictionary, XMP, page-piece or last-modified data, annotations (comments and their authors,
 * links), attachments, JavaScript, open actions, form fields, outlines or thumbnails. Keys that
 * carry such data are dropped on every object copied, and every embedded JPEG is rebuilt
 * (./jpeg.ts). Runs only after the pre-scan (./pdf-scan.ts) bounded what decoding can cost.
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNull, PDFRawStream, PDFRef, PDFStream, type PDFObject } from "pdf-lib";
import { unzlibSync } from "fflate";
import { EvidenceRejectedError } from "./errors.ts";
import { rebuildJpeg } from "./jpeg.ts";
import { PDF_LIMITS } from "./pdf-scan.ts";

/** Keys never copied: metadata, private data, interaction, outward links, external stream data. */
const DROPPED_KEYS = new Set([
  "Metadata",
  "PieceInfo",
  "LastModified",
  "AA",
  "OpenAction",
  "A",
  "JS",
  "JavaScript",
  "URI",
  "Annots",
  "AcroForm",
  "EmbeddedFiles",
  "Names",
  "Outlines",
  "Thumb",
  "StructParent",
  "StructParents",
  "Ref",
  "OPI",
  "F",
  "FFilter",
  "FDecodeParms",
  "Parent",
  "Length",
  "Usage" /* optional content: creator and user names */,
]);
/** Objects that never belong to what a page shows; a reference to one is written as null. */
const DROPPED_TYPES = new Set([
  "Page",
  "Pages",
  "Catalog",
  "Annot",
  "Filespec",
  "EmbeddedFile",
  "Action",
  "Metadata",
  "StructElem",
  "StructTreeRoot",
  "Outlines",
  "XRef",
  "ObjStm",
  "Sig",
  "EncryptedPayload",
]);
const INHERITED = ["Resources", "MediaBox", "CropBox", "Rotate"] as const;

/** `decrypted`: the file still names its /Encrypt dictionary, but ./pdf-decrypt.ts decrypted it. */
export async function rebuildPdf(bytes: Uint8Array, { decrypted = false } = {}): Promise<Uint8Array> {
  let source: PDFDocument;
  try {
    source = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true, ignoreEncryption: decrypted });
  } catch (err) {
    throw new EvidenceRejectedError(err instanceof Error && /encrypt/i.test(err.message) ? "encrypted" : "corrupt");
  }
  const target = await PDFDocument.create({ updateMetadata: false });
  const copy = copier(source, target);
  const pages = pageLeaves(source);
  if (pages.length === 0) throw new EvidenceRejectedError("corrupt");
  for (const inherited of pages) {
    const page = target.addPage();
    for (const key of INHERITED) {
      const value = inherited.get(key);
      if (value) page.node.set(PDFName.of(key), copy(value));
    }
    const contents = inherited.get("Contents");
    if (contents) page.node.set(PDFName.of("Contents"), copy(contents));
  }
  return target.save({ updateFieldAppearances: false });
}

/** Every page of the tree with its inheritable attributes resolved; cycles and excess pages refused. */
function pageLeaves(doc: PDFDocument): Map<string, PDFObject>[] {
  const pages: Map<string, PDFObject>[] = [];
  const seen = new Set<PDFDict>();
  const walk = (node: PDFObject | undefined, inherited: Map<string, PDFObject>) => {
    const dict = node instanceof PDFRef ? doc.context.lookup(node) : node;
    if (!(dict instanceof PDFDict) || seen.has(dict)) throw new EvidenceRejectedError("corrupt");
    seen.add(dict);
    const here = new Map(inherited);
    for (const key of INHERITED) {
      const value = dict.get(PDFName.of(key));
      if (value) here.set(key, value);
    }
    const type = dict.lookup(PDFName.of("Type"));
    if (type === PDFName.of("Page")) {
      const contents = dict.get(PDFName.of("Contents"));
      if (contents) here.set("Contents", contents);
      if (pages.push(here) > PDF_LIMITS.pages) throw new EvidenceRejectedError("pdf_too_many_pages");
      return;
    }
    const kids = dict.lookup(PDFName.of("Kids"));
    if (!(kids instanceof PDFArray)) throw new EvidenceRejectedError("corrupt");
    for (let k = 0; k < kids.size(); k++) walk(kids.get(k), here);
  };
  walk(doc.catalog.get(PDFName.of("Pages")), new Map());
  return pages;
}

/** Deep copy from source to target, each indirect object once, dropping what is not shown. */
function copier(source: PDFDocument, target: PDFDocument) {
  const copied = new Map<string, PDFRef>();
  const copy = (object: PDFObject): PDFObject => {
    if (object instanceof PDFRef) {
      const known = copied.get(object.tag);
      if (known) return known;
      const resolved = source.context.lookup(object);
      if (!resolved || dropped(resolved)) return PDFNull;
      const ref = target.context.nextRef();
      copied.set(object.tag, ref);
      target.context.assign(ref, copy(resolved));
      return ref;
    }
    if (dropped(object)) return PDFNull;
    if (object instanceof PDFRawStream) return copyStream(object, copyDict(object.dict));
    if (object instanceof PDFStream) throw new EvidenceRejectedError("corrupt"); // a loaded file has raw streams only
    if (object instanceof PDFDict) return copyDict(object);
    if (object instanceof PDFArray) {
      const array = PDFArray.withContext(target.context);
      for (let k = 0; k < object.size(); k++) array.push(copy(object.get(k)));
      return array;
    }
    return object; // names, numbers, strings, booleans, null: immutable values
  };
  const copyDict = (dict: PDFDict): PDFDict => {
    const out = PDFDict.withContext(target.context);
    for (const [key, value] of dict.entries()) {
      if (!DROPPED_KEYS.has(key.decodeText())) out.set(key, copy(value));
    }
    return out;
  };
  const copyStream = (stream: PDFRawStream, dict: PDFDict): PDFRawStream => {
    const filters = streamFilters(source, stream.dict);
    if (filters.at(-1) !== "DCTDecode") return PDFRawStream.of(dict, stream.contents);
    if (filters.length === 1) return PDFRawStream.of(dict, rebuildJpeg(stream.contents));
    if (filters.length === 2 && filters[0] === "FlateDecode") {
      // Flate around a JPEG: the pre-scan bounded its size; written back as a plain DCTDecode stream.
      const jpeg = rebuildJpeg(unzlibSync(stream.contents));
      dict.set(PDFName.of("Filter"), PDFName.of("DCTDecode"));
      const parms = stream.dict.lookup(PDFName.of("DecodeParms"));
      dict.delete(PDFName.of("DecodeParms"));
      if (parms instanceof PDFArray && parms.size() === 2) dict.set(PDFName.of("DecodeParms"), copy(parms.get(1)));
      return PDFRawStream.of(dict, jpeg);
    }
    throw new EvidenceRejectedError("corrupt");
  };
  return copy;
}

function dropped(object: PDFObject): boolean {
  const dict = object instanceof PDFDict ? object : object instanceof PDFStream ? object.dict : null;
  const type = dict?.get(PDFName.of("Type"));
  return type instanceof PDFName && DROPPED_TYPES.has(type.decodeText());
}

function streamFilters(doc: PDFDocument, dict: PDFDict): string[] {
  const filter = dict.lookup(PDFName.of("Filter"));
  if (filter instanceof PDFName) return [filter.decodeText()];
  if (filter instanceof PDFArray)
    return filter.asArray().map((f) => (doc.context.lookup(f) instanceof PDFName ? (doc.context.lookup(f) as PDFName).decodeText() : "?"));
  return [];
}
