CREATE TABLE "npc_player_ledgers" (
	"persona_id" uuid NOT NULL,
	"user_session_id" text NOT NULL,
	"ledger" json NOT NULL,
	"last_event_id" bigint NOT NULL,
	"event_count" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "npc_player_ledgers_persona_id_user_session_id_pk" PRIMARY KEY("persona_id","user_session_id")
);
--> statement-breakpoint
ALTER TABLE "npc_player_ledgers" ADD CONSTRAINT "npc_player_ledgers_persona_id_npc_personas_id_fk" FOREIGN KEY ("persona_id") REFERENCES "public"."npc_personas"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- What a turn reads of a player (NpcRepository.readPlayer): their ledger and, per machine, the latest
-- session and the latest unfinished one. A function so that its plan is made once per connection,
-- not at every turn (planning cost more than running it).
CREATE FUNCTION "npc_read_player"(p_persona uuid, p_player text) RETURNS json LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN json_build_object(
		'ledger', (
			SELECT json_build_object('ledger', l.ledger, 'last_event_id', l.last_event_id, 'event_count', l.event_count)
			FROM "npc_player_ledgers" l WHERE l.persona_id = p_persona AND l.user_session_id = p_player),
		'sessions', (
			SELECT coalesce(json_agg(latest ORDER BY latest.created_at, latest.id), '[]'::json) FROM (
				SELECT DISTINCT ON (s.machine_key, coalesce((s.state->>'completed')::boolean, false))
					s.id, s.persona_id, s.machine_key, s.user_session_id, s.player_name, s.player_gender, s.state, s.created_at, s.updated_at
				FROM "npc_sessions" s WHERE s.persona_id = p_persona AND s.user_session_id = p_player
				ORDER BY s.machine_key, coalesce((s.state->>'completed')::boolean, false), s.created_at DESC, s.id DESC) latest));
END $$;
--> statement-breakpoint
-- One turn's writes (NpcRepository.writeTurn), in one call: the ledger row first — compare-and-set on
-- the version the turn was computed from (p_expected_last, p_expected_count), or, when both are null,
-- set by a caller holding the player's lock — then the turn's sessions, chat lines and events (ids
-- in the order the events happened), and the ledger's last event id. False, and nothing written, when
-- the ledger row is not at the expected version.
CREATE FUNCTION "npc_write_turn"(p_turn jsonb, p_ledger json, p_expected_last bigint, p_expected_count integer) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
	v_persona uuid := (p_turn->>'personaId')::uuid;
	v_player text := p_turn->>'userSessionId';
	v_count integer := (p_turn->>'eventCount')::integer;
	v_last bigint;
BEGIN
	IF p_expected_last IS NULL THEN
		INSERT INTO "npc_player_ledgers" (persona_id, user_session_id, ledger, last_event_id, event_count, updated_at)
		VALUES (v_persona, v_player, p_ledger, 0, v_count, now())
		ON CONFLICT (persona_id, user_session_id) DO UPDATE SET ledger = excluded.ledger, event_count = excluded.event_count, updated_at = excluded.updated_at;
	ELSE
		UPDATE "npc_player_ledgers" SET ledger = p_ledger, event_count = v_count, updated_at = now()
		WHERE persona_id = v_persona AND user_session_id = v_player AND last_event_id = p_expected_last AND event_count = p_expected_count;
		IF NOT FOUND THEN
			RETURN false;
		END IF;
	END IF;
	INSERT INTO "npc_sessions" (id, persona_id, machine_key, user_session_id, player_name, player_gender, state, updated_at)
	SELECT (item->>'id')::uuid, v_persona, item->>'machineKey', v_player, item->>'playerName', item->>'playerGender', item->'state', (item->>'updatedAt')::timestamptz
	FROM jsonb_array_elements(p_turn->'openSessions') AS item;
	IF p_turn ? 'updateSession' THEN
		UPDATE "npc_sessions" SET state = p_turn->'updateSession'->'state', updated_at = (p_turn->'updateSession'->>'updatedAt')::timestamptz
		WHERE id = (p_turn->'updateSession'->>'id')::uuid;
	END IF;
	INSERT INTO "npc_messages" (session_id, persona_id, user_session_id, role, content, state_key_at_time, score_at_time, decision, follow_up_triggered)
	SELECT (item->>'sessionId')::uuid, v_persona, v_player, item->>'role', item->>'content', item->>'stateKeyAtTime', (item->>'scoreAtTime')::integer,
		item->>'decision', coalesce((item->>'followUpTriggered')::boolean, false)
	FROM jsonb_array_elements(p_turn->'messages') WITH ORDINALITY AS listed(item, n) ORDER BY n;
	WITH recorded AS (
		INSERT INTO "npc_events" (persona_id, user_session_id, session_id, type, payload, created_at)
		SELECT v_persona, v_player, (item->>'sessionId')::uuid, item->'event'->>'type', item->'event', (item->'event'->>'at')::timestamptz
		FROM jsonb_array_elements(p_turn->'events') WITH ORDINALITY AS listed(item, n) ORDER BY n
		RETURNING id)
	SELECT max(id) INTO v_last FROM recorded;
	UPDATE "npc_player_ledgers" SET last_event_id = v_last WHERE persona_id = v_persona AND user_session_id = v_player;
	RETURN true;
END $$;
