/**
 * Email to an oversight body through the `send_email` binding. By default a notice without report
 * content that points to the Qingdan inbox (mail leaks metadata and sits in mailboxes for years);
 * the full report only when the body's channel sets `fullContent: true`. The MIME message is built
 * here by hand: one text/plain UTF-8 part, base64-encoded, with an RFC 2047 subject.
 */
import { t } from "../../site/i18n/index.ts";
import { label } from "../../site/i18n/labels.ts";
import type { DeliveredReport } from "../db/delivery.ts";

const encoder = new TextEncoder();

function base64Utf8(text: string): string {
  const bytes = encoder.encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** RFC 2047 encoded words, each under 75 characters, split on character boundaries. */
export function encodeHeader(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  const words: string[] = [];
  let chunk = "";
  for (const ch of text) {
    if (encoder.encode(chunk + ch).length > 45) {
      words.push(chunk);
      chunk = "";
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${base64Utf8(w)}?=`).join("\r\n ");
}

export interface MailParts {
  from: string;
  to: string;
  subject: string;
  text: string;
  /** Message-ID without angle brackets, e.g. `<job id>@<host>`. */
  messageId: string;
  date: Date;
}

/** A complete RFC 5322 message with CRLF line endings. */
export function buildMime(mail: MailParts): string {
  const body = base64Utf8(mail.text.replace(/\r?\n/g, "\r\n")).replace(/.{1,76}/g, "$&\r\n");
  return [
    `From: ${mail.from}`,
    `To: ${mail.to}`,
    `Subject: ${encodeHeader(mail.subject)}`,
    `Message-ID: <${mail.messageId}>`,
    `Date: ${mail.date.toUTCString().replace("GMT", "+0000")}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=UTF-8",
    "Content-Transfer-Encoding: base64",
    "",
    body,
  ].join("\r\n");
}

export const mailSubject = () => t("zh-CN", "delivery.email.subject");

/** The text of the mail: a notice by default, the report itself only when the body opted in. */
export function mailText(report: DeliveredReport, bodyName: string, inboxUrl: string, fullContent: boolean): string {
  const lang = "zh-CN";
  if (!fullContent) return t(lang, "delivery.email.notice", { body: bodyName, inbox: inboxUrl });
  const field = (key: string, value: string | number | null) => (value === null || value === "" ? [] : [`${t(lang, `delivery.email.field.${key}`)}: ${value}`]);
  const category = label(lang, "category", report.category);
  return [
    t(lang, "delivery.email.full_intro", { body: bodyName, inbox: inboxUrl }),
    ...field("received_on", report.received_on),
    ...field("area", report.village_code ?? report.township_code),
    ...field("imposer", `${report.imposer_name}（${label(lang, "level", report.imposer_level)}）`),
    ...field("category", category),
    ...field("since", report.since_month),
    ...field("hours", report.hours_per_month),
    ...field("duty_list", report.duty_item_ref ? `${report.list_status} ${report.duty_item_ref}` : report.list_status),
    ...field("title", report.title),
    "",
    `${t(lang, "delivery.email.field.description")}:`,
    report.description,
  ].join("\n");
}
