// Thin fetch wrapper: same-origin cookie session, JSON bodies, `{error:{code,message,fields?}}`
// errors.
import type { ErrorBody } from "../gen/ErrorBody";
import type { ErrorCode } from "../gen/ErrorCode";
import { language, t } from "../i18n";

/** An error answered by the server (or a network failure, with code `network`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | "network",
    message: string,
    /** For `validation`: each refused request field (by its JSON name) with why. */
    readonly fields?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/**
 * The words shown for an error the server answered with `code`: in English the server's own
 * (more specific) message, in another language the translation of its code.
 */
export function apiErrorText(code: ErrorCode | "network", serverMessage: string): string {
  if (code === "network") return t("errors.network");
  if (language() === "en" && serverMessage) return serverMessage;
  return t(`errors.code.${code}`, { defaultValue: serverMessage });
}

function isErrorBody(v: unknown): v is ErrorBody {
  if (typeof v !== "object" || v === null || !("error" in v)) return false;
  const e = (v as { error: unknown }).error;
  return typeof e === "object" && e !== null && "message" in e && "code" in e;
}

/** The string entries of an error's `fields` (undefined when it has none). */
function fieldsOf(v: unknown): Record<string, string> | undefined {
  if (typeof v !== "object" || v === null) return undefined;
  const out: Record<string, string> = {};
  for (const [k, why] of Object.entries(v)) if (typeof why === "string") out[k] = why;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Sends one request; resolves to the parsed JSON body (or `undefined` for 204). A `Blob` body
 * (e.g. an image file) is sent as-is with its own type; anything else as JSON.
 */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? {} : { "content-type": body instanceof Blob ? body.type || "application/octet-stream" : "application/json" },
      body: body === undefined ? undefined : body instanceof Blob ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "network", t("errors.network"));
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = undefined;
  if (text.length > 0) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) {
    if (isErrorBody(data)) throw new ApiError(res.status, data.error.code, apiErrorText(data.error.code, data.error.message), fieldsOf(data.error.fields));
    throw new ApiError(res.status, "internal", t("errors.requestFailed", { status: res.status }));
  }
  return data as T;
}

/** `?a=1&b=x` from the defined, non-empty values (empty string when none). */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}
