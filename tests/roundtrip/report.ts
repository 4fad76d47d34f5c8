// What the round-trip drivers share: each call is recorded as {ok, value} or {ok: false, error} and the
// whole report is printed as one JSON line on stdout when the driver ends; the Python side asserts.

import { ApiError } from "../src/index";

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

export async function step<T>(name: string, call: () => Promise<T>): Promise<T | undefined> {
  try {
    const value = await call();
    // `undefined` (a 204) is kept visible in the JSON as null.
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

export function env(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

/** Run the driver's steps, then print the report (a failure of the script itself is its own entry). */
export function run(main: () => Promise<void>): void {
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
}
