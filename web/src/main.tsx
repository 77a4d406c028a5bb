// Entry point: mounts the app. (No StrictMode: its double effects would join rooms twice.)
import { createRoot } from "react-dom/client";
import { App } from "./App";
import "./styles.css";
import "./live.css";
import "./moderation.css";

const root = document.getElementById("root");
if (root) createRoot(root).render(<App />);
