// Română: paginile de eroare (o pagină care nu poate arăta ce s-a cerut) și setările de sunet.
export const pages = {
  errorPage: {
    ways: {
      sign_in: "Conectează-te",
      waitlist: "Intră pe lista de așteptare",
      hallway: "Înapoi în hol",
      clubs: "Vezi toate cluburile",
      search: "Găsește membri",
      retry: "Încearcă din nou",
    },
    invite_invalid: {
      title: "Această invitație nu poate fi folosită",
      text: "Linkul de invitație a fost deja folosit, a fost retras de membrul care l-a făcut sau nu e o invitație Stoa. Dacă ai cont, conectează-te. Dacă nu, intră pe lista de așteptare: un membru care te cunoaște te poate primi.",
    },
    profile_not_found: {
      title: "Nu există acest membru",
      text: "Nu există niciun membru @{{name}}. Poate numele e scris greșit sau contul nu mai există.",
    },
    club_not_found: {
      title: "Nu există acest club",
      text: "Acest club nu există. Poate linkul e scris greșit sau clubul a fost închis.",
    },
    event_not_found: {
      title: "Nu există acest eveniment",
      text: "Acest eveniment nu există. Poate linkul e scris greșit sau gazdele l-au anulat.",
    },
    waitlist_gone: {
      title: "Rezervarea nu a fost găsită",
      text: "Acest link al listei de așteptare e necunoscut, a expirat sau a fost deja folosit la înscriere.",
    },
    page_not_found: { title: "Nu e nimic aici", text: "Nu există nicio pagină la această adresă." },
    forbidden: {
      title: "Nu pentru tine, deocamdată",
      text: "Doar unii membri pot vedea această pagină (de exemplu administratorii unui club sau ai site-ului).",
    },
    signed_out: { title: "Ești deconectat", text: "Sesiunea ta s-a încheiat. Conectează-te din nou ca să continui." },
    rate_limited: { title: "O clipă", text: "Prea multe încercări într-un timp scurt. Așteaptă un minut, apoi încearcă din nou." },
    network: { title: "Stoa nu poate fi contactat", text: "Verifică-ți conexiunea, apoi încearcă din nou." },
    failed: { title: "Ceva n-a mers", text: "Pagina nu a putut fi încărcată. Încearcă din nou peste puțin timp." },
  },
  sound: {
    title: "Sunetul pe acest dispozitiv",
    label: "Sunet spațial",
    hint: "Auzi fiecare vorbitor din locul lui de pe scenă: stânga scenei în urechea stângă, dreapta în cea dreaptă. Făcut pentru căști. Pe difuzoare, oprește-l: browserul elimină atunci mai bine ecoul camerei.",
    device: "Salvat doar în acest browser.",
  },
};
