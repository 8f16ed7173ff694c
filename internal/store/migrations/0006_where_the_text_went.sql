-- Where the text really went, decided by the addresses the dialer checked and by what the model's server
-- said, not by names.
-- The egress ledger names the proxy a request went through and the model that answered when it was not
-- the one asked for.
ALTER TABLE egress ADD COLUMN proxy TEXT NOT NULL DEFAULT '';
ALTER TABLE egress ADD COLUMN answered_by TEXT NOT NULL DEFAULT '';

-- A summary version records whether its text stayed on this device (1) or not, or is not known to (0).
ALTER TABLE summaries ADD COLUMN on_device INTEGER NOT NULL DEFAULT 0;

-- Versions written before this was recorded keep the judgement they were shown with: not a cloud
-- service, a server at a loopback address, and not one of Ollama's cloud models by its documented names.
UPDATE summaries SET on_device = 1
 WHERE provider NOT IN ('together', 'openai', 'groq', 'openrouter', 'mistral', 'gemini')
   AND (base_url_host LIKE '127.%' OR base_url_host = 'localhost' OR base_url_host LIKE 'localhost:%'
        OR base_url_host = '::1' OR base_url_host LIKE '[::1]:%')
   AND NOT (provider = 'ollama' AND (model LIKE '%-cloud' OR model LIKE '%-cloud:%' OR model LIKE '%:cloud'
        OR model LIKE '%:%-cloud'));
