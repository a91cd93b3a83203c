/** Node's Math functions on this thread before any other module of the page runs (see libm.ts). */
import { useNodeLibm } from "./libm.js";

useNodeLibm();
