/**
 * The worker's layers (docs/architecture.md "Layers"), checked by `npm run lint:deps` in `npm test`.
 * routes → services | db (reads) | ui | lib | auth | domain; services → domain | db | delivery
 * (and auth's credential primitives, the rate limiter);
 * delivery → db | domain; db → domain (types); domain → data/schema and domain only.
 */
const LOCAL = "^(worker|data|site)/";
/** Shared by every layer: the zod model, the string catalogue, the environment's types. */
const SHARED = ["^data/schema/", "^data/generated/", "^site/i18n/", "^worker/env\\.ts$", "^worker/worker-configuration\\.d\\.ts$"];

/**
 * A layer `from` may import only `allowed` (plus SHARED and npm packages). A type-only import
 * couples nothing at run time and is let through, except with `typesToo`: domain names no type
 * of another layer (db imports its row types from domain, not the other way round).
 */
const only = (name, from, allowed, comment, { typesToo = false } = {}) => ({
  name,
  comment,
  severity: "error",
  from: { path: from },
  to: { path: LOCAL, pathNot: [...allowed, ...SHARED], ...(typesToo ? {} : { dependencyTypesNot: ["type-only"] }) },
});

module.exports = {
  forbidden: [
    only("domain-is-pure", "^worker/domain/", ["^worker/domain/"], "domain: pure functions over data/schema and other domain modules, no I/O, no other layer's types", {
      typesToo: true,
    }),
    only("db-knows-domain-only", "^worker/db/", ["^worker/db/", "^worker/domain/"], "db: SQL only, returning rows or typed results; no HTTP errors (lib/errors), no delivery"),
    only(
      "delivery-uses-db-and-domain",
      "^worker/delivery/",
      ["^worker/delivery/", "^worker/db/", "^worker/domain/", "^data/routing-rules"],
      "delivery: jobs and channels, over db and domain",
    ),
    only(
      "services-compose",
      "^worker/services/",
      [
        "^worker/services/",
        "^worker/domain/",
        "^worker/db/",
        "^worker/delivery/",
        "^worker/lib/errors\\.ts$",
        // The credential primitives the account services use (hashing, TOTP, tokens, WebAuthn
        // checks); never auth/session.ts, which is HTTP (cookies, middleware) and stays with routes.
        "^worker/auth/(password|totp|tokens|passkeys)\\.ts$",
        // The limiter call (a binding, like the R2 calls services make): the no-JS forms' price
        // (services/form-gate.ts) and LOGIN_LIMITER inside the passkey sign-in, once its account is known.
        "^worker/lib/rate-limit\\.ts$",
      ],
      "services: one use case each, composing domain, db, delivery, the rate limiter and the credential primitives of auth; they turn domain results into AppError",
    ),
    only(
      "routes-call-down",
      "^worker/routes/",
      ["^worker/routes/", "^worker/services/", "^worker/db/", "^worker/ui/", "^worker/lib/", "^worker/auth/", "^worker/domain/", "^site/lib/"],
      "routes: state changes through exactly one service; reads may call db directly; render through ui",
    ),
    { name: "no-circular", severity: "error", from: { path: "^worker/" }, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "worker/worker-configuration\\.d\\.ts" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js", ".json"] },
  },
};
