/** The first stop of the Tab key: past the header to the page's own content (`<main id="main">`). */
export function SkipLink() {
  return (
    <a className="skip-link" href="#main">
      Skip to main content
    </a>
  );
}
