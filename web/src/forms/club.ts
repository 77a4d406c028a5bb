// The club form (create and edit): checks the fields and builds the request.
import type { Club } from "../gen/Club";
import type { ClubJoinPolicy } from "../gen/ClubJoinPolicy";
import type { CreateClubRequest } from "../gen/CreateClubRequest";
import type { UpdateClubRequest } from "../gen/UpdateClubRequest";
import { t } from "../i18n";

/** The form's raw fields. */
export interface ClubFields {
  name: string;
  description: string;
  rules: string;
  joinPolicy: ClubJoinPolicy;
}

const len = (s: string) => Array.from(s).length;

/** The first problem with `f`, or null. */
export function validateClub(f: ClubFields): string | null {
  const name = f.name.trim();
  if (len(name) < 2 || len(name) > 50) return t("clubForm.errors.name");
  if (len(f.description.trim()) > 1000) return t("clubForm.errors.description");
  if (len(f.rules.trim()) > 2000) return t("clubForm.errors.rules");
  return null;
}

/** The `POST /api/clubs` body. */
export function clubRequest(f: ClubFields): CreateClubRequest {
  return { name: f.name.trim(), description: f.description.trim(), rules: f.rules.trim(), join_policy: f.joinPolicy };
}

/** The `PATCH` body: only what changed. */
export function clubChanges(club: Pick<Club, "name" | "description" | "rules" | "join_policy">, f: ClubFields): UpdateClubRequest {
  const next = clubRequest(f);
  const out: UpdateClubRequest = {};
  if (next.name !== club.name) out.name = next.name;
  if (next.description !== club.description) out.description = next.description;
  if (next.rules !== club.rules) out.rules = next.rules;
  if (next.join_policy !== club.join_policy) out.join_policy = next.join_policy;
  return out;
}
