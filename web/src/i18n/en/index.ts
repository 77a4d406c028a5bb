// The English resources: every text of the client, by area (keys are checked at compile time).
import { admin } from "./admin";
import { auth } from "./auth";
import { common } from "./common";
import { community } from "./community";
import { live } from "./live";
import { pages } from "./pages";
import { people } from "./people";
import { room } from "./room";
import { roomTools } from "./roomTools";

/** English, the reference language. */
export const en = { ...common, ...room, ...roomTools, ...people, ...auth, ...community, ...admin, ...live, ...pages };
