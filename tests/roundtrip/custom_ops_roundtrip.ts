// Custom operations through the generated client and the stand-in gateway
// (tests/test_custom_operations_roundtrip.py runs it twice: before and after the test writes the
// service methods). Like client_roundtrip.ts it asserts nothing: it records each call in a JSON report.

import type { Widget } from "@elqnt/types";
import { ApiError, archiveWidget, configure, createWidget, moveTagWidget, request, usageWidget } from "../src/index";

// Node's `process`, without @types/node (the pinned toolchain is TypeScript alone).
declare const process: { env: Record<string, string | undefined>; exitCode?: number };

interface CaughtError {
  isApiError: boolean;
  name: string;
  status: number | null;
  code: string | null;
  message: string;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: CaughtError };

const report: Record<string, Outcome> = {};

async function step<T>(name: string, call: () => Promise<T>): Promise<T | undefined> {
  try {
    const value = await call();
    // `undefined` (deleteWidget's 204) is kept visible in the JSON as null.
    report[name] = { ok: true, value: value === undefined ? null : value };
    return value;
  } catch (err) {
    report[name] = {
      ok: false,
      error: {
        isApiError: err instanceof ApiError,
        name: err instanceof Error ? err.name : typeof err,
        status: err instanceof ApiError ? err.status : null,
        code: err instanceof ApiError ? err.code : null,
        message: err instanceof Error ? err.message : String(err),
      },
    };
    return undefined;
  }
}

function env(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

async function main(): Promise<void> {
  configure({ baseUrl: env("GATEWAY_URL"), token: env("TOKEN_ORG_A") });
  const created = (await step("create", () => createWidget({ name: "Revenue", tags: ["a", "b", "c d"] }))) as Widget;
  const id = created.id;
  await step("archive", () => archiveWidget(id));
  await step("archiveMissing", () => archiveWidget("no-such-widget"));
  await step("usage", () => usageWidget(id, { from: 1000, to: 2000, detailed: true }));
  await step("usageBadQuery", () => request("GET", `/api/v1/widgets/${encodeURIComponent(id)}/usage`, { query: { from: "soon" } }));
  await step("usageMissingQuery", () => request("GET", `/api/v1/widgets/${encodeURIComponent(id)}/usage`, { query: {} }));
  await step("moveTag", () => moveTagWidget(id, "c d", { position: 0 }));
  await step("moveTagInvalid", () => moveTagWidget(id, "c d", { position: -1 }));
  await step("after", () => request<Widget>("GET", `/api/v1/widgets/${encodeURIComponent(id)}`));
  configure({ token: env("TOKEN_READ_ONLY") });
  await step("readOnlyMoveTag", () => moveTagWidget(id, "a", { position: 1 }));
}

main()
  .catch((err: unknown) => {
    report["script"] = {
      ok: false,
      error: { isApiError: false, name: "ScriptError", status: null, code: null, message: String(err) },
    };
    process.exitCode = 1;
  })
  .finally(() => {
    console.log(JSON.stringify(report));
  });
