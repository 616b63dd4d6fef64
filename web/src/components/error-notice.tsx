/** A failed request said plainly: the server's message, and each detail with where it points. */
import { DramatisApiError } from "../lib/dramatis.ts";
import { Link } from "../router.tsx";

export function errorText(error: unknown): string {
  if (DramatisApiError.isInstance(error)) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

export function ErrorNotice({ error, title = "That did not work" }: { error: unknown; title?: string }) {
  if (!error) return null;
  const apiError = DramatisApiError.isInstance(error) ? error : undefined;
  return (
    <div className="notice notice-error" role="alert">
      <p>
        <strong>{title}:</strong> {errorText(error)}
      </p>
      {apiError?.code === "UNAUTHORIZED" && (
        <p>
          Check the API key on the <Link to="/account">Account</Link> page.
        </p>
      )}
      {apiError?.code === "PAYMENT_REQUIRED" && (
        <p>
          Your account is out of credits: see the <Link to="/account">Account</Link> page.
        </p>
      )}
      {apiError && apiError.details.length > 0 && (
        <ul>
          {apiError.details.map((detail, index) => (
            <li key={index}>
              <code>{detail.loc.join(" › ") || "(request)"}</code>: {detail.msg}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
