import { redirect } from "next/navigation";
import { currentStaff } from "@/lib/auth/require-staff";

// `/staff` is what staff type: the staff home (the agreements list) when signed in, else sign-in.
// Asked here rather than left to the list page, which would log a signed-out visit as a refusal.
export default async function StaffHome() {
  redirect((await currentStaff()) ? "/staff/agreements" : "/staff/sign-in");
}
