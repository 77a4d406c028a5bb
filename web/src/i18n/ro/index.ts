// Resursele în română: fiecare text al clientului, pe zone (aceleași chei ca în engleză, cu
// formele de plural ale limbii române: one / few / other).
import { admin } from "./admin";
import { auth } from "./auth";
import { common } from "./common";
import { community } from "./community";
import { live } from "./live";
import { pages } from "./pages";
import { people } from "./people";
import { room } from "./room";
import { roomTools } from "./roomTools";

/** Romanian. */
export const ro = { ...common, ...room, ...roomTools, ...people, ...auth, ...community, ...admin, ...live, ...pages };
