/**
 * Why a delivery attempt failed, as a short code stored in `delivery_jobs.last_error`
 * (`http_503`, `network`, `missing_secret`…). Never a message that could carry report content.
 */
export class DeliveryError extends Error {
  override readonly name = "DeliveryError";
  readonly code: string;
  constructor(code: string) {
    super(code);
    this.code = code;
  }
}

/** The code to store for any error: a DeliveryError's own, `internal` for anything else. */
export const errorCode = (err: unknown): string => (err instanceof DeliveryError ? err.code : "internal");
