// The created request helper (src/http.ts) and the per-call options of the generated functions, driven
// against the scripted local server of tests/test_client_options.py (it answers by the id in the path:
// `slow` never answers, `html` is a 200 text/html page, `invalid` a 400 VALIDATION_ERROR, `boom` a 500
// with a request id, anything else the gadget back with the headers it saw). Every outcome is recorded
// as a value, errors described by `caught`; the Python side asserts.

import { ApiError, configure, createClient, createGadget, deleteGadget, getGadget, setDefaultClient } from "../src/index";
import { env, run, step } from "./report";

interface Described {
  threw: boolean;
  value?: unknown;
  name?: string;
  message?: string;
  isDOMException?: boolean;
  isApiError?: boolean;
  status?: number;
  code?: string;
  details?: unknown;
  requestId?: string | null;
}

async function caught(call: () => Promise<unknown>): Promise<Described> {
  try {
    return { threw: false, value: await call() };
  } catch (err) {
    const out: Described = { threw: true, name: err instanceof Error ? err.name : typeof err, message: String(err instanceof Error ? err.message : err) };
    out.isDOMException = err instanceof DOMException;
    out.isApiError = err instanceof ApiError;
    if (err instanceof ApiError) {
      out.status = err.status;
      out.code = err.code;
      out.details = err.details;
      out.requestId = err.requestId ?? null;
    }
    return out;
  }
}

async function main(): Promise<void> {
  let issued = 0;
  configure({ baseUrl: env("SERVER_URL"), token: async () => `tok-${++issued}`, headers: { "X-Client": "driver" } });

  // The token function is asked before every request; per-call headers reach the server.
  await step("tokenFirst", () => caught(() => getGadget("t1")));
  await step("tokenSecond", () => caught(() => getGadget("t2", { headers: { "X-Trace": "trace-7" } })));
  await step("create", () => caught(() => createGadget({ name: "Lamp" }, { headers: { "X-Trace": "trace-8" } })));
  await step("delete", () => caught(() => deleteGadget("d1")));

  // A caller's abort rejects with its AbortError, unwrapped: while waiting, and before sending.
  const controller = new AbortController();
  const pending = caught(() => getGadget("slow", { signal: controller.signal }));
  setTimeout(() => controller.abort(), 50);
  await step("abort", () => pending);
  const early = new AbortController();
  early.abort();
  await step("abortBeforeSending", () => caught(() => getGadget("never", { signal: early.signal })));

  // Timeouts: per call, and from the client's settings; a live signal does not stop the timeout.
  await step("timeoutPerCall", () => caught(() => getGadget("slow", { timeoutMs: 100, signal: new AbortController().signal })));
  configure({ timeoutMs: 120 });
  await step("timeoutConfigured", () => caught(() => getGadget("slow")));
  configure({ timeoutMs: 30_000 });

  // The answers that are errors.
  await step("html", () => caught(() => getGadget("html")));
  await step("invalid", () => caught(() => getGadget("invalid")));
  await step("boom", () => caught(() => getGadget("boom")));

  // A client of its own (a static token), made the default the generated functions use.
  setDefaultClient(createClient({ baseUrl: env("SERVER_URL"), token: "static-token" }));
  await step("ownClient", () => caught(() => getGadget("own")));
  const other = createClient({ baseUrl: env("SERVER_URL"), token: () => null });
  await step("noToken", () => caught(() => other.request("GET", "/api/v1/gadgets/anonymous")));
}

run(main);
