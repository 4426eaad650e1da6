/**
 * Passkeys on the oversight sign-in and account pages (progressive enhancement). The worker renders
 * `form[data-passkey]` hidden; when the browser supports WebAuthn this script shows it and, on submit,
 * fetches the options (POST to `data-passkey-options`, with the form's fields: the CSRF token on
 * the account page), runs the browser's ceremony, puts the credential in the hidden `credential`
 * field and submits the form normally: the worker verifies it and answers with a redirect or an
 * error page, as for every other form. Without JavaScript the password + TOTP form is all there is.
 * Shipped with the shell /shell/passkey/ (site/pages/shell/passkey/), so the CSP allows it ('self').
 */
import { browserSupportsWebAuthn, startAuthentication, startRegistration } from "@simplewebauthn/browser";

function enhance(form: HTMLFormElement) {
  const optionsUrl = form.dataset.passkeyOptions ?? "";
  const register = form.dataset.passkey === "register";
  const credential = form.querySelector<HTMLInputElement>("input[name=credential]");
  const button = form.querySelector<HTMLButtonElement>("button[type=submit]");
  const status = form.querySelector<HTMLElement>("[data-passkey-status]");
  if (!credential || !button) return;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    button.disabled = true;
    if (status) status.textContent = "";
    try {
      const fields = new URLSearchParams();
      for (const [name, value] of new FormData(form)) if (typeof value === "string" && name !== "credential") fields.append(name, value);
      const res = await fetch(optionsUrl, { method: "POST", body: fields, credentials: "same-origin", headers: { accept: "application/json" } });
      if (!res.ok) throw new Error(`options: ${res.status}`);
      const optionsJSON = await res.json();
      const result = register ? await startRegistration({ optionsJSON }) : await startAuthentication({ optionsJSON });
      credential.value = JSON.stringify(result);
      form.submit();
    } catch {
      // Cancelled, timed out, no passkey on this device, or the options request failed.
      if (status) status.textContent = form.dataset.passkeyError ?? "";
      button.disabled = false;
    }
  });
}

if (browserSupportsWebAuthn()) {
  for (const el of document.querySelectorAll<HTMLElement>("[data-passkey-unsupported]")) el.hidden = true;
  for (const form of document.querySelectorAll<HTMLFormElement>("form[data-passkey]")) {
    form.hidden = false;
    enhance(form);
  }
}
