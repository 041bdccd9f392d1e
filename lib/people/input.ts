/** What names of people look like when typed. */
import { z } from "zod";
import { cleanText } from "@/lib/http/input";

/** A username: lower-case letters, digits, dot, dash, underscore. */
export const username = (label = "username") =>
  z
    .string({ message: `Give a ${label}.` })
    .transform((s) => cleanText(s).trim().toLowerCase())
    .pipe(z.string().regex(/^[a-z0-9._-]{1,50}$/, `The ${label} must be a username (letters, digits, . _ -).`));
