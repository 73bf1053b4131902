import { redirect } from "next/navigation";

// The staff home, which sends a signed-out visitor on to sign in.
export default function Home() {
  redirect("/staff");
}
