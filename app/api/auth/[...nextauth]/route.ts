import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/auth-options";

const handler = NextAuth(authOptions);

type Context = { params: Promise<{ nextauth: string[] }> };

// next-auth's own "send me a link" endpoint answers a known and an unknown address differently
// (and does the work for a known one while the client waits). Links are requested at
// /staff/sign-in/request instead; here next-auth only checks links, sessions and signs out.
async function POST(request: Request, context: Context) {
  const { nextauth } = await context.params;
  if (nextauth[0] === "signin")
    return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return handler(request, context);
}

export { handler as GET, POST };
