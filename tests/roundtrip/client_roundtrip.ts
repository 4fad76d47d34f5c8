// The generated API client, driven end to end through the stand-in gateway.
//
// tests/test_roundtrip_fullstack.py copies this file to
// <scratch repo>/eloquent-packages/packages/api-client/roundtrip/main.ts, compiles it together with the
// generated client under `--strict` (so it is also a type check of how a frontend uses the client),
// runs it with node and parses the JSON report it prints on stdout. The script asserts nothing itself:
// every call is recorded as {ok, value} or {ok: false, error}, and the Python side checks each step.

import type { CreateWidgetRequest, UpdateWidgetRequest, Widget } from "@elqnt/types";
import {
  configure,
  createWidget,
  deleteWidget,
  getWidget,
  listWidgets,
  updateWidget,
} from "../src/index";
import { env, run, step } from "./report";

async function main(): Promise<void> {
  const baseUrl = env("GATEWAY_URL");
  const tokenA = env("TOKEN_ORG_A");
  const tokenB = env("TOKEN_ORG_B");
  const tokenReadOnly = env("TOKEN_READ_ONLY");

  configure({ baseUrl, token: tokenA });

  // -- CRUD as org A --------------------------------------------------------------------------------
  const body: CreateWidgetRequest = {
    name: "Revenue",
    description: "Monthly revenue",
    config: { chart: "bar", series: [1, 2.5, null] },
    tags: ["finance", "monthly"],
    status: "active",
    type: "gauge",
    apiUrl: "https://example.com/revenue",
    weights: { eur: 0.5, usd: 1.25 },
    dueAt: 1735689600000,
  };
  const created: Widget | undefined = await step("create", () => createWidget(body));
  const id = created?.id ?? "missing-id";

  await step("get", () => getWidget(id));
  await step("list", () => listWidgets({ page: 1, limit: 10 }));

  const replacement: UpdateWidgetRequest = { name: "Revenue (EUR)", tags: ["eur"], config: 42 };
  await step("update", () => updateWidget(id, replacement));
  await step("getAfterUpdate", () => getWidget(id));

  await step("delete", () => deleteWidget(id));
  await step("getDeleted", () => getWidget(id));
  await step("listAfterDelete", () => listWidgets());

  // -- typed errors ---------------------------------------------------------------------------------
  // A body the types forbid (no name): only a cast through unknown gets it past the compiler.
  const invalid = { description: "no name" } as unknown as CreateWidgetRequest;
  await step("createInvalid", () => createWidget(invalid));
  await step("createTooLong", () => createWidget({ name: "x".repeat(121) }));

  // A path parameter that needs encoding: "a/b" must reach the service as one segment.
  await step("getSlashId", () => getWidget("a/b"));
  await step("getQuestionMarkId", () => getWidget("x?y=1#z"));

  // -- organizations through the gateway ------------------------------------------------------------
  const kept = await step("createKept", () => createWidget({ name: "Org A's widget" }));
  const keptId = kept?.id ?? "missing-id";

  configure({ token: tokenB });
  await step("orgB.get", () => getWidget(keptId));
  await step("orgB.list", () => listWidgets({ page: 1, limit: 10 }));
  await step("orgB.update", () => updateWidget(keptId, { name: "hijacked" }));
  await step("orgB.delete", () => deleteWidget(keptId));
  await step("orgB.create", () => createWidget({ name: "Org B's widget" }));

  // The caller cannot pick its organization: the gateway sets X-Org-ID from the token.
  configure({ token: tokenB, headers: { "X-Org-ID": "org-a", "X-User-ID": "user-a" } });
  await step("orgB.spoofedOrgHeader", () => getWidget(keptId));
  configure({ headers: {} });

  configure({ token: tokenA });
  await step("orgA.getKept", () => getWidget(keptId));
  await step("orgA.list", () => listWidgets({ page: 1, limit: 10 }));

  // -- authentication and scopes at the gateway -----------------------------------------------------
  configure({ token: undefined });
  await step("noToken.list", () => listWidgets());
  await step("noToken.create", () => createWidget({ name: "anonymous" }));
  configure({ token: "not-a-known-token" });
  await step("badToken.get", () => getWidget(keptId));
  configure({ token: tokenReadOnly });
  await step("readOnly.get", () => getWidget(keptId));
  await step("readOnly.create", () => createWidget({ name: "read-only" }));
  await step("readOnly.delete", () => deleteWidget(keptId));
  configure({ token: tokenA });
  await step("orgA.getKeptAtEnd", () => getWidget(keptId));
}

run(main);
