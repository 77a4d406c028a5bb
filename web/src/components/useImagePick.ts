// Picking an image file for upload (avatar, club icon): the chosen file, its checked error, a
// preview URL that is revoked when the file changes, and sending it with a busy flag.
import { useEffect, useRef, useState, type ChangeEvent } from "react";
import { ApiError } from "../api/http";
import { avatarErrorText, checkAvatarFile } from "../forms/profile";

/** The file input's ref and `onChange`, the picked file with its preview, the error and busy state. */
export function useImagePick() {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!file) return setPreview(null);
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  const pick = (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0] ?? null;
    setError(f ? checkAvatarFile(f) : null);
    setFile(f);
  };
  /** Forgets the picked file and clears the input. */
  const reset = () => {
    setFile(null);
    if (input.current) input.current.value = "";
  };
  /** Runs `call` while busy; on success forgets the file, on failure shows the error. True when it worked. */
  const send = async (call: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await call();
      reset();
      return true;
    } catch (e) {
      setError(e instanceof ApiError ? avatarErrorText(e.code, e.message) : String(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { input, file, preview, error, busy, pick, reset, send };
}
