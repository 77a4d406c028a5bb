import { describe, expect, it, vi } from "vitest";
import { i18n } from "../i18n";
import { ApiError, apiErrorText, request } from "./http";

function respond(status: number, body: string) {
  const fetch = vi.fn(async () => new Response(status === 204 ? null : body, { status }));
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error("expected an ApiError");
}

describe("request", () => {
  it("sends JSON with the session cookie and returns the parsed body", async () => {
    const fetch = respond(200, JSON.stringify({ id: "r1" }));
    await expect(request("POST", "/api/rooms", { title: "t" })).resolves.toEqual({ id: "r1" });
    expect(fetch).toHaveBeenCalledWith("/api/rooms", {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "t" }),
    });
  });

  it("sends no body or content type without a body", async () => {
    const fetch = respond(200, "{}");
    await request("GET", "/api/me");
    expect(fetch).toHaveBeenCalledWith("/api/me", { method: "GET", credentials: "same-origin", headers: {}, body: undefined });
  });

  it("resolves to undefined on 204", async () => {
    respond(204, "");
    await expect(request("DELETE", "/api/invites/1")).resolves.toBeUndefined();
  });

  it("surfaces the server's error code and message", async () => {
    respond(409, JSON.stringify({ error: { code: "username_taken", message: "That username is taken." } }));
    const e = await failure(request("POST", "/api/auth/signup", {}));
    expect([e.status, e.code, e.message]).toEqual([409, "username_taken", "That username is taken."]);
  });

  it("keeps the refused fields of a validation error", async () => {
    const fields = { username: "username must be 2–30 characters", password: "password must be 8–200 characters" };
    respond(400, JSON.stringify({ error: { code: "validation", message: "both", fields } }));
    const e = await failure(request("POST", "/api/auth/signup", {}));
    expect([e.code, e.fields]).toEqual(["validation", fields]);
  });

  it("has no fields when the error names none", async () => {
    respond(409, JSON.stringify({ error: { code: "invite_invalid", message: "used" } }));
    expect((await failure(request("POST", "/api/auth/signup", {}))).fields).toBeUndefined();
  });

  it("turns an error without a proper body into a generic internal error", async () => {
    respond(502, "<html>Bad gateway</html>");
    const e = await failure(request("GET", "/api/rooms"));
    expect([e.status, e.code, e.message]).toEqual([502, "internal", "Request failed (502)."]);
  });

  it("reports an unreachable server as a network error", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))));
    const e = await failure(request("GET", "/api/me"));
    expect([e.status, e.code]).toEqual([0, "network"]);
    expect(e.message).toMatch(/Cannot reach the server/);
  });
});

describe("apiErrorText", () => {
  it("keeps the server's own words in English and translates the code in Romanian", async () => {
    expect(apiErrorText("username_taken", "username \"ada\" is taken")).toBe('username "ada" is taken');
    expect(apiErrorText("network", "")).toBe("Cannot reach the server. Check your connection.");
    await i18n.changeLanguage("ro");
    try {
      expect(apiErrorText("username_taken", "username \"ada\" is taken")).toBe("Numele de utilizator e deja luat.");
      expect(apiErrorText("rate_limited", "slow down")).toBe("Prea multe încercări. Așteaptă puțin și încearcă din nou.");
    } finally {
      await i18n.changeLanguage("en");
    }
  });
});
