-- Many turns in one statement (NpcRepository.commitTurn): under load, the turns computed while one
-- batch is being written are written together in the next, and a statement's fixed cost (a round
-- trip, a plan, a commit) is paid once per batch instead of once per turn. Each turn stands alone:
-- one whose check fails writes nothing and the others are still written.
--
-- p_turns: one object per turn: `turn` (what `npc_write_turn` took: personaId, userSessionId,
-- openSessions, updateSession?, messages, events, eventCount), `guard` (how the turn checks nothing
-- changed since it read the player: kind `ledger` — compare-and-set on the ledger row at
-- lastEventId/eventCount; kind `absent` — the player has no ledger row and their events are at
-- lastEventId/eventCount, checked under the player's lock, as resets and moves take it; kind
-- `replace` — the caller holds that lock and checked), and `personaVersion` (the persona row's
-- version the turn was computed with, `xmin || ctid`, or null for no check; the row is share-locked
-- so no edit lands between the check and the commit). p_ledgers: each turn's ledger after it, in the
-- same order (json, so it is stored exactly as sent).
--
-- Answers one object per turn, in order: {"status":"written","lastEventId","createdAt"} (the id of
-- its last event, and the time its opened sessions were created at), {"status":"stale"} or
-- {"status":"persona-changed"}.
--
-- The ledger row is written once: the turn's event ids are taken from the sequence first, so the
-- compare-and-set can store the new last event id in the same update. Each turn's checks run in
-- turn order (a player's second turn in a batch finds the first's ledger); then the written turns'
-- sessions, chat lines and events are written in one statement per table (about a third less work
-- in the database than a statement per turn and table).
CREATE FUNCTION "npc_write_turns"(p_turns jsonb, p_ledgers json) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
	v_item jsonb;
	v_index integer;
	v_turn jsonb;
	v_guard jsonb;
	v_ledger json;
	v_persona uuid;
	v_player text;
	v_count integer;
	v_version text;
	v_checked text := '';
	v_ids bigint[];
	v_last bigint;
	v_ok boolean;
	v_results jsonb := '[]'::jsonb;
	v_written integer[] := '{}';
	v_event_ids bigint[] := '{}';
	v_offsets integer[] := array_fill(0, ARRAY[jsonb_array_length(p_turns)]);
BEGIN
	FOR v_item, v_index IN SELECT listed.value, listed.ordinality::integer FROM jsonb_array_elements(p_turns) WITH ORDINALITY AS listed LOOP
		v_turn := v_item->'turn';
		v_guard := v_item->'guard';
		v_ledger := p_ledgers->(v_index - 1);
		v_persona := (v_turn->>'personaId')::uuid;
		v_player := v_turn->>'userSessionId';
		v_count := (v_turn->>'eventCount')::integer;

		IF v_item->>'personaVersion' IS NOT NULL AND v_checked IS DISTINCT FROM (v_persona::text || ' ' || (v_item->>'personaVersion')) THEN
			SELECT p.xmin::text || p.ctid::text INTO v_version FROM "npc_personas" p WHERE p.id = v_persona FOR SHARE;
			IF v_version IS DISTINCT FROM v_item->>'personaVersion' THEN
				v_results := v_results || '[{"status":"persona-changed"}]'::jsonb;
				CONTINUE;
			END IF;
			v_checked := v_persona::text || ' ' || v_version;
		END IF;

		SELECT array_agg(allocated.id ORDER BY allocated.id) INTO v_ids
		FROM (SELECT nextval('npc_events_id_seq') AS id FROM generate_series(1, jsonb_array_length(v_turn->'events'))) allocated;
		v_last := v_ids[array_length(v_ids, 1)];

		IF v_guard->>'kind' = 'ledger' THEN
			UPDATE "npc_player_ledgers" SET ledger = v_ledger, last_event_id = v_last, event_count = v_count, updated_at = now()
			WHERE persona_id = v_persona AND user_session_id = v_player
				AND last_event_id = (v_guard->>'lastEventId')::bigint AND event_count = (v_guard->>'eventCount')::integer;
			v_ok := FOUND;
		ELSIF v_guard->>'kind' = 'absent' THEN
			PERFORM pg_advisory_xact_lock(hashtext('npc:' || v_persona::text || ':' || v_player));
			SELECT coalesce(max(e.id), 0) = (v_guard->>'lastEventId')::bigint AND count(*) = (v_guard->>'eventCount')::integer INTO v_ok
			FROM "npc_events" e WHERE e.persona_id = v_persona AND e.user_session_id = v_player;
			IF v_ok THEN
				INSERT INTO "npc_player_ledgers" (persona_id, user_session_id, ledger, last_event_id, event_count, updated_at)
				VALUES (v_persona, v_player, v_ledger, v_last, v_count, now())
				ON CONFLICT (persona_id, user_session_id) DO NOTHING;
				v_ok := FOUND;
			END IF;
		ELSIF v_guard->>'kind' = 'replace' THEN
			INSERT INTO "npc_player_ledgers" (persona_id, user_session_id, ledger, last_event_id, event_count, updated_at)
			VALUES (v_persona, v_player, v_ledger, v_last, v_count, now())
			ON CONFLICT (persona_id, user_session_id) DO UPDATE
				SET ledger = excluded.ledger, last_event_id = excluded.last_event_id, event_count = excluded.event_count, updated_at = excluded.updated_at;
			v_ok := true;
		ELSE
			RAISE EXCEPTION 'npc_write_turns: unknown guard %', v_guard;
		END IF;
		IF NOT v_ok THEN
			v_results := v_results || '[{"status":"stale"}]'::jsonb;
			CONTINUE;
		END IF;
		v_written := v_written || v_index;
		v_offsets[v_index] := coalesce(array_length(v_event_ids, 1), 0);
		v_event_ids := v_event_ids || v_ids;
		v_results := v_results || jsonb_build_array(jsonb_build_object('status', 'written', 'lastEventId', v_last, 'createdAt', now()));
	END LOOP;
	IF coalesce(array_length(v_written, 1), 0) = 0 THEN
		RETURN v_results;
	END IF;

	-- The written turns' rows, each table in one statement.
	INSERT INTO "npc_sessions" (id, persona_id, machine_key, user_session_id, player_name, player_gender, state, updated_at)
	SELECT (opened->>'id')::uuid, (turns.value->'turn'->>'personaId')::uuid, opened->>'machineKey', turns.value->'turn'->>'userSessionId',
		opened->>'playerName', opened->>'playerGender', opened->'state', (opened->>'updatedAt')::timestamptz
	FROM jsonb_array_elements(p_turns) WITH ORDINALITY AS turns, jsonb_array_elements(turns.value->'turn'->'openSessions') AS opened
	WHERE turns.ordinality::integer = ANY (v_written);
	UPDATE "npc_sessions" AS s SET state = stepped.value->'state', updated_at = (stepped.value->>'updatedAt')::timestamptz
	FROM (SELECT turns.value->'turn'->'updateSession' AS value FROM jsonb_array_elements(p_turns) WITH ORDINALITY AS turns
		WHERE turns.ordinality::integer = ANY (v_written) AND turns.value->'turn' ? 'updateSession') stepped
	WHERE s.id = (stepped.value->>'id')::uuid;
	INSERT INTO "npc_messages" (session_id, persona_id, user_session_id, role, content, state_key_at_time, score_at_time, decision, follow_up_triggered)
	SELECT (line->>'sessionId')::uuid, (turns.value->'turn'->>'personaId')::uuid, turns.value->'turn'->>'userSessionId', line->>'role', line->>'content',
		line->>'stateKeyAtTime', (line->>'scoreAtTime')::integer, line->>'decision', coalesce((line->>'followUpTriggered')::boolean, false)
	FROM jsonb_array_elements(p_turns) WITH ORDINALITY AS turns, jsonb_array_elements(turns.value->'turn'->'messages') WITH ORDINALITY AS lines(line, n)
	WHERE turns.ordinality::integer = ANY (v_written)
	ORDER BY turns.ordinality, lines.n;
	INSERT INTO "npc_events" (id, persona_id, user_session_id, session_id, type, payload, created_at)
	SELECT v_event_ids[v_offsets[turns.ordinality::integer] + events.n::integer], (turns.value->'turn'->>'personaId')::uuid, turns.value->'turn'->>'userSessionId',
		(listed->>'sessionId')::uuid, listed->'event'->>'type', listed->'event', (listed->'event'->>'at')::timestamptz
	FROM jsonb_array_elements(p_turns) WITH ORDINALITY AS turns, jsonb_array_elements(turns.value->'turn'->'events') WITH ORDINALITY AS events(listed, n)
	WHERE turns.ordinality::integer = ANY (v_written);
	RETURN v_results;
END $$;
