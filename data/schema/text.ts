/**
 * Free text typed by people (reports, reporter messages): one line-end convention and nothing
 * that cannot be shown (security L9). CRLF and a lone CR become LF first, so a textarea posted
 * by any browser is accepted; what is left of the C0 and C1 controls (NUL, ESC, NEL…) and the
 * bidi embedding, override and isolate marks is refused, since stored it would travel on into
 * webhooks, e-mails and CSV exports and could disguise what a text says. TAB stays: it is
 * ordinary whitespace in text pasted from a spreadsheet.
 */
export const UNDISPLAYABLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/** LF line ends, NFC, no surrounding whitespace. */
export const cleanText = (s: string): string => s.replace(/\r\n?/g, "\n").normalize("NFC").trim();

export const displayable = (s: string): boolean => !UNDISPLAYABLE.test(s);
