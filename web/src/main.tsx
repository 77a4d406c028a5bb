// Entry point: mounts the app. (No StrictMode: its double effects would join rooms twice.)
import { createRoot } from "react-dom/client";
import { App } from "./App";
import "./styles.css";
import "./live.css";
import "./moderation.css";
// Last: small screens and keyboard focus override the rest.
import "./phone.css";

const root = document.getElementById("root");
if (root) createRoot(root).render(<App />);
