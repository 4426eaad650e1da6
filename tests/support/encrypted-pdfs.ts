/**
 * PDF fixtures encrypted by qpdf (an independent implementation of the Standard security
 * handler), made when vitest starts and handed to the worker tests as a binding: workerd can
 * neither spawn qpdf nor read files. Each is a pdf-lib document with an author and one line of
 * text; qpdf keeps its object streams unless told otherwise. Needs Debian's `qpdf`
 * (`apt-get install qpdf`; `.ci/run` installs it).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument } from "pdf-lib";

/** qpdf arguments: options, then `--encrypt USER OWNER BITS` and its own options. */
export const ENCRYPTED_PDF_VARIANTS: Record<
  "rc4_128" | "aes_128" | "aes_256" | "aes_128_no_object_streams" | "password",
  { options?: string[]; encrypt: string[] }
> = {
  rc4_128: { options: ["--allow-weak-crypto"], encrypt: ["", "owner-pw", "128", "--use-aes=n"] },
  aes_128: { encrypt: ["", "owner-pw", "128", "--use-aes=y"] },
  aes_256: { encrypt: ["", "owner-pw", "256"] },
  aes_128_no_object_streams: { options: ["--object-streams=disable"], encrypt: ["", "owner-pw", "128", "--use-aes=y"] },
  password: { encrypt: ["user-pw", "owner-pw", "256"] },
};

export type EncryptedPdfs = Record<keyof typeof ENCRYPTED_PDF_VARIANTS, string> | { missing: string };

/** base64 of each variant, or why there are none (then the tests that need them fail and say so). */
export async function encryptedPdfs(): Promise<EncryptedPdfs> {
  const doc = await PDFDocument.create();
  doc.setAuthor("ENC-AUTHOR-ZHANGSAN");
  doc.addPage([200, 200]).drawText("evidence text", { x: 20, y: 100 });
  const dir = mkdtempSync(join(tmpdir(), "qingdan-pdf-"));
  try {
    writeFileSync(join(dir, "plain.pdf"), await doc.save());
    const out: Record<string, string> = {};
    for (const [name, { options = [], encrypt }] of Object.entries(ENCRYPTED_PDF_VARIANTS)) {
      const target = join(dir, `${name}.pdf`);
      execFileSync("qpdf", [...options, "--encrypt", ...encrypt, "--", join(dir, "plain.pdf"), target]);
      out[name] = readFileSync(target).toString("base64");
    }
    return out as EncryptedPdfs;
  } catch (err) {
    return { missing: `qpdf could not make the encrypted PDF fixtures (${(err as Error).message.split("\n")[0]}): apt-get install qpdf` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
