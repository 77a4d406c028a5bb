// The signed-in member: loaded from GET /api/me at start, set by sign-in/sign-up, cleared on
// sign-out.
import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from "react";
import { api } from "../api/endpoints";
import type { Profile } from "../gen/Profile";
import { updateMe } from "../gen/api";
import { language, setLanguage } from "../i18n";
import { useLoad } from "./useLoad";

interface AuthState {
  /** `undefined` while loading, `null` when signed out. */
  me: Profile | null | undefined;
  setMe(p: Profile | null): void;
  signOut(): Promise<void>;
}

const AuthContext = createContext<AuthState>({
  me: undefined,
  setMe: () => undefined,
  signOut: async () => undefined,
});

/** Loads the session once and shares it. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMeState] = useState<Profile | null | undefined>(undefined);
  const keeping = useRef(false);
  // The member's own language wins over the browser's. A member who never chose keeps the one
  // the browser gave (once per page load), so the server writes their notifications in it too.
  const setMe = useCallback((p: Profile | null) => {
    setMeState(p);
    if (p?.language) void setLanguage(p.language);
    else if (p && !keeping.current) {
      keeping.current = true;
      updateMe({ language: language() }).then(setMeState, () => undefined);
    }
  }, []);
  useLoad(() => api.me(), [], {
    onData: setMe,
    // Signed out (401) or server unreachable: show the sign-in page either way.
    onError: () => setMe(null),
  });
  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setMe(null);
    }
  }, []);
  return <AuthContext.Provider value={{ me, setMe, signOut }}>{children}</AuthContext.Provider>;
}

/** The current session. */
export function useAuth(): AuthState {
  return useContext(AuthContext);
}
