-- What a turn reads of a player (NpcRepository.readPlayer), now with their events when they have no
-- ledger row: a new player (no events: an empty list) or one whose play predates ledgers (folded from
-- them). A new player's first turn read the store twice, the second time for an empty list of events;
-- it now reads it once, and the events are of the same snapshot as the sessions.
CREATE OR REPLACE FUNCTION "npc_read_player"(p_persona uuid, p_player text) RETURNS json LANGUAGE plpgsql STABLE AS $$
DECLARE
	v_ledger json := (
		SELECT json_build_object('ledger', l.ledger, 'last_event_id', l.last_event_id, 'event_count', l.event_count)
		FROM "npc_player_ledgers" l WHERE l.persona_id = p_persona AND l.user_session_id = p_player);
BEGIN
	RETURN json_build_object(
		'ledger', v_ledger,
		'sessions', (
			SELECT coalesce(json_agg(latest ORDER BY latest.created_at, latest.id), '[]'::json) FROM (
				SELECT DISTINCT ON (s.machine_key, coalesce((s.state->>'completed')::boolean, false))
					s.id, s.persona_id, s.machine_key, s.user_session_id, s.player_name, s.player_gender, s.state, s.created_at, s.updated_at
				FROM "npc_sessions" s WHERE s.persona_id = p_persona AND s.user_session_id = p_player
				ORDER BY s.machine_key, coalesce((s.state->>'completed')::boolean, false), s.created_at DESC, s.id DESC) latest),
		'events', CASE WHEN v_ledger IS NULL THEN (
			SELECT coalesce(json_agg(json_build_object('id', e.id, 'payload', e.payload) ORDER BY e.id), '[]'::json)
			FROM "npc_events" e WHERE e.persona_id = p_persona AND e.user_session_id = p_player) END);
END $$;
