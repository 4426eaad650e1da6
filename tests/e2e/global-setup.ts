import type { TestProject } from "vitest/node";
import { startServer } from "../support/server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    origin: string;
  }
}

/** One `wrangler dev` for all browser tests; its origin is provided as `inject("origin")`. */
export default async function setup(project: TestProject) {
  const server = await startServer();
  project.provide("origin", server.origin);
  return () => server.stop();
}
