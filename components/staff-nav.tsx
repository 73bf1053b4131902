"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef, type KeyboardEvent, type ReactNode, type RefObject } from "react";
import { currentNavHref, isGroup, type NavItem, type NavLink } from "@/lib/navigation/staff-navigation";

type Current = string | undefined;

function Entry({ link, current, pathname }: { link: NavLink; current: Current; pathname: string }) {
  // "page" on the page itself; "true" on the section of a page below it (an agreement, a volume).
  const ariaCurrent = link.href !== current ? undefined : pathname === link.href ? "page" : "true";
  return (
    <Link href={link.href} aria-current={ariaCurrent}>
      {link.label}
    </Link>
  );
}

// Escape closes an open menu and gives focus back to its button; opening one closes the others;
// a click elsewhere closes them. Without JavaScript the <details> still open and close by themselves.
function closeOnEscape(event: KeyboardEvent<HTMLDetailsElement>) {
  const details = event.currentTarget;
  if (event.key !== "Escape" || !details.open) return;
  details.open = false;
  details.querySelector("summary")?.focus();
}

function useMenusCloseEachOther(root: RefObject<HTMLElement | null>, pathname: string) {
  useEffect(() => {
    const menus = () => Array.from(root.current?.querySelectorAll("details") ?? []);
    menus().forEach((menu) => (menu.open = false));
    const onClick = (event: MouseEvent) => {
      for (const menu of menus()) if (!menu.contains(event.target as Node)) menu.open = false;
    };
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, [root, pathname]);
}

/** A group's entries, as list items: the same in the bar's menus and in the small screens' Menu. */
function EntryItems({ links, current, pathname }: { links: NavLink[]; current: Current; pathname: string }) {
  return links.map((link) => (
    <li key={link.href}>
      <Entry link={link} current={current} pathname={pathname} />
    </li>
  ));
}

function Menu({ label, className, children }: { label: ReactNode; className?: string; children: ReactNode }) {
  return (
    <details className={`nav-menu ${className ?? ""}`} onKeyDown={closeOnEscape}>
      {label}
      {children}
    </details>
  );
}

/** The signed-in staff's navigation: a bar of links and menus, and one "Menu" on small screens. */
export function StaffNav({ items, email, signOut }: { items: NavItem[]; email: string; signOut: ReactNode }) {
  const pathname = usePathname();
  const current = currentNavHref(pathname, items);
  const root = useRef<HTMLDivElement>(null);
  useMenusCloseEachOther(root, pathname);
  const groupHere = (links: NavLink[]) => links.some((link) => link.href === current);
  return (
    <div className="staff-nav" ref={root}>
      <ul className="nav-bar">
        {items.map((item) =>
          isGroup(item) ? (
            <li key={item.label}>
              <Menu label={<summary aria-current={groupHere(item.links) ? "true" : undefined}>{item.label}</summary>}>
                <ul className="nav-dropdown">
                  <EntryItems links={item.links} current={current} pathname={pathname} />
                </ul>
              </Menu>
            </li>
          ) : (
            <li key={item.href}>
              <Entry link={item} current={current} pathname={pathname} />
            </li>
          ),
        )}
        <li className="nav-user">
          <Menu
            className="align-end"
            label={
              <summary>
                <span className="visually-hidden">Signed in as </span>
                <span className="nav-email">{email}</span>
              </summary>
            }
          >
            <ul className="nav-dropdown">
              <li className="nav-note">
                Signed in as <strong>{email}</strong>
              </li>
              <li>{signOut}</li>
            </ul>
          </Menu>
        </li>
      </ul>
      <Menu className="nav-compact align-end" label={<summary>Menu</summary>}>
        <ul className="nav-dropdown">
          {items.map((item) =>
            isGroup(item) ? (
              <li key={item.label}>
                <span className="nav-group-label" aria-hidden="true">
                  {item.label}
                </span>
                <ul aria-label={item.label}>
                  <EntryItems links={item.links} current={current} pathname={pathname} />
                </ul>
              </li>
            ) : (
              <li key={item.href}>
                <Entry link={item} current={current} pathname={pathname} />
              </li>
            ),
          )}
          <li className="nav-note">
            Signed in as <strong>{email}</strong>
          </li>
          <li>{signOut}</li>
        </ul>
      </Menu>
    </div>
  );
}
