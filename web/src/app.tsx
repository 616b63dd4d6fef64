/**
 * The UI's frame: a skip link, the studio's navigation, and the page the path names. The play
 * page (`/play/{id}`, what a publish's link opens) has a frame of its own: players are not
 * studio users.
 */
import { lazy, Suspense, useEffect, useRef, type ReactNode } from "react";
import { AccountProvider } from "./account.tsx";
import { Link, matchPath, useLocation } from "./router.tsx";
import { PopulationStudio } from "./pages/population-studio.tsx";
import { PopulationPage } from "./pages/population-page.tsx";
import { EnhancePage } from "./pages/enhance-page.tsx";
import { ValidatePage } from "./pages/validate-page.tsx";
import { AccountPage } from "./pages/account-page.tsx";
import { InterviewPage } from "./pages/interview-page.tsx";
import { PanelPage } from "./pages/panel-page.tsx";
import { NpcListPage } from "./pages/npc-list-page.tsx";
import { PlayPage } from "./pages/play-page.tsx";

// The NPC editor carries the state diagrams; it loads when first opened.
const NpcEditorPage = lazy(() => import("./pages/npc-editor-page.tsx").then((module) => ({ default: module.NpcEditorPage })));

interface Route {
  pattern: string;
  title: string;
  render(parameters: Record<string, string>, search: URLSearchParams): ReactNode;
}

const ROUTES: Route[] = [
  { pattern: "/", title: "Population studio", render: () => <PopulationStudio /> },
  { pattern: "/populations/:id", title: "Population", render: ({ id }, search) => <PopulationPage id={id!} from={search.get("from")} /> },
  { pattern: "/populations/:id/interview", title: "Interview", render: ({ id }, search) => <InterviewPage populationId={id!} personaId={search.get("persona")} /> },
  { pattern: "/populations/:id/panel", title: "Ask the panel", render: ({ id }) => <PanelPage populationId={id!} /> },
  { pattern: "/enhance", title: "Enhance a sketch", render: () => <EnhancePage /> },
  { pattern: "/validate", title: "Validate personas", render: () => <ValidatePage /> },
  { pattern: "/npc", title: "NPC studio", render: () => <NpcListPage /> },
  { pattern: "/npc/new", title: "New NPC", render: () => <NpcEditorPage personaId={null} /> },
  { pattern: "/npc/:id", title: "NPC editor", render: ({ id }) => <NpcEditorPage personaId={id!} /> },
  { pattern: "/account", title: "Account", render: () => <AccountPage /> },
];

const NAVIGATION = [
  { to: "/", label: "Populations", active: (path: string) => path === "/" || path.startsWith("/populations") },
  { to: "/enhance", label: "Enhance", active: (path: string) => path.startsWith("/enhance") },
  { to: "/validate", label: "Validate", active: (path: string) => path.startsWith("/validate") },
  { to: "/npc", label: "NPC studio", active: (path: string) => path.startsWith("/npc") },
  { to: "/account", label: "Account", active: (path: string) => path.startsWith("/account") },
];

function resolve(pathname: string, search: URLSearchParams): { title: string; content: ReactNode } {
  for (const route of ROUTES) {
    const parameters = matchPath(route.pattern, pathname);
    if (parameters) return { title: route.title, content: route.render(parameters, search) };
  }
  return {
    title: "Not found",
    content: (
      <section className="panel">
        <h1>Nothing here</h1>
        <p>
          This address is not a page of the studio. <Link to="/">Go to the population studio</Link>.
        </p>
      </section>
    ),
  };
}

function SkipLink() {
  return (
    <a className="skip-link" href="#main">
      Skip to content
    </a>
  );
}

function StudioFrame({ pathname, search }: { pathname: string; search: URLSearchParams }) {
  const { title, content } = resolve(pathname, search);
  const main = useRef<HTMLElement>(null);
  useEffect(() => {
    document.title = `${title} · Dramatis`;
  }, [title]);
  return (
    <>
      <SkipLink />
      <header className="site-header">
        <Link to="/" className="brand">
          Dramatis
        </Link>
        <nav aria-label="Studio">
          <ul>
            {NAVIGATION.map((item) => (
              <li key={item.to}>
                <Link to={item.to} aria-current={item.active(pathname) ? "page" : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <a href="/docs" className="docs-link">
          API docs
        </a>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Suspense fallback={<p className="muted">Loading…</p>}>{content}</Suspense>
      </main>
    </>
  );
}

export function App() {
  const { pathname, search } = useLocation();
  const play = matchPath("/play/:id", pathname);
  return (
    <AccountProvider>
      {play ? (
        <>
          <SkipLink />
          <main id="main" tabIndex={-1} className="play-main">
            <PlayPage personaId={play.id!} />
          </main>
        </>
      ) : (
        <StudioFrame pathname={pathname} search={search} />
      )}
    </AccountProvider>
  );
}
