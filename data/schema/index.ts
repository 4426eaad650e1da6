/** The one data model (zod), shared by the site, the worker and the importer. */
export * from "./common.ts";
export * from "./provenance.ts";
export * from "./division.ts";
export * from "./duty-list.ts";
export * from "./village-list.ts";
export * from "./reported-figures.ts";
export * from "./report-category.ts";
export * from "./measure.ts";
export * from "./oversight-body.ts";
export * from "./routing-rule.ts";
export * from "./deployment.ts";
export * from "./zh-text.ts";
