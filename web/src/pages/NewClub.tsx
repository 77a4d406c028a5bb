// Create a club (/clubs/new): name, description, rules, join policy; then an optional icon.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { clubsApi } from "../api/clubs";
import { clubPath } from "../clubs/permissions";
import { ClubForm } from "../components/ClubForm";
import { ClubIconUpload } from "../components/ClubIconUpload";
import { clubRequest } from "../forms/club";
import type { Club } from "../gen/Club";
import { Link, navigate } from "../router";

/** The create-a-club page. */
export function NewClubPage() {
  const { t } = useTranslation();
  const [club, setClub] = useState<Club | null>(null);
  if (club)
    return (
      <main className="page" data-testid="new-club-page">
        <h1 className="section-title">{t("club.ready", { name: club.name })}</h1>
        <section className="card">
          <ClubIconUpload club={club} onSaved={() => navigate(clubPath(club.id))} />
        </section>
        <Link href={clubPath(club.id)} className="btn btn-primary" data-testid="club-go">
          {t("club.go")}
        </Link>
      </main>
    );
  return (
    <main className="page" data-testid="new-club-page">
      <h1 className="section-title">{t("club.createTitle")}</h1>
      <ClubForm
        initial={{ name: "", description: "", rules: "", joinPolicy: "open" }}
        submitLabel={t("club.createSubmit")}
        onSubmit={async (f) => setClub(await clubsApi.create(clubRequest(f)))}
        onCancel={() => history.back()}
      />
    </main>
  );
}
