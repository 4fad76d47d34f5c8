/** Connection settings shared by every client function. */
export interface ClientConfig {
  /** Origin of the API gateway, e.g. "https://api.example.com"; request paths start with "/api/v1". */
  baseUrl: string;
  /** JWT sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** fetch implementation (tests, server-side rendering); defaults to the global fetch. */
  fetch?: typeof fetch;
}

let current: ClientConfig = { baseUrl: "" };

/** Updates the client configuration; fields not given keep their value. */
export function configure(config: Partial<ClientConfig>): void {
  current = { ...current, ...config };
}

/** An error response of the API: the HTTP status and the body's `{code, message}`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
  }
}

/** A query parameter value; `undefined` and `null` leave the parameter out. */
export type QueryValue = string | number | boolean | undefined | null;

/** Options of {@link request}. */
export interface RequestOptions {
  /** Sent as JSON. */
  body?: unknown;
  query?: Record<string, QueryValue>;
}

/**
 * Sends a request to the API gateway and returns the decoded JSON response
 * (`undefined` for 204 No Content). Throws {@link ApiError} on a non-2xx status.
 */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
  }
  Object.assign(headers, current.headers);
  if (current.token) {
    headers["Authorization"] = `Bearer ${current.token}`;
  }

  const fetchFn = current.fetch ?? fetch;
  const response = await fetchFn(buildUrl(path, options.query), {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });

  if (!response.ok) {
    throw await toApiError(response);
  }
  if (response.status === 204) {
    return undefined as T;
  }
  return (await response.json()) as T;
}

function buildUrl(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) {
      params.append(key, String(value));
    }
  }
  const search = params.toString();
  return current.baseUrl.replace(/\/+$/, "") + path + (search ? `?${search}` : "");
}

async function toApiError(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => "");
  try {
    const body: unknown = JSON.parse(text);
    if (isErrorBody(body)) {
      return new ApiError(response.status, body.code, body.message);
    }
  } catch {
    // Not JSON (e.g. a proxy's HTML page): fall through.
  }
  return new ApiError(response.status, `HTTP_${response.status}`, text.trim() || response.statusText || `HTTP ${response.status}`);
}

function isErrorBody(value: unknown): value is { code: string; message: string } {
  if (typeof value !== "object" || value === null) {
    return false;
  }
  const { code, message } = value as Record<string, unknown>;
  return typeof code === "string" && typeof message === "string";
}
