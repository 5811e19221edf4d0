"""Several workers behind one service: what keeps a browser's session when its worker dies or its
websocket is replaced (`paduko_app/socket_takeover.py` puts these classes in place, one job each):

- `worker_names`: which workers are alive (a Redis connection named after each one);
- `dead_worker_records`: a browser whose worker died keeps its token on another worker;
- `same_tab`: a tab reconnecting before its old websocket was noticed closed keeps its token;
- `tokens`: Reflex's Redis token manager with both of the above;
- `state_locks`: a state lock names its holder, is released when that worker died, and is renewed
  while its event runs;
- `held_updates`: a page update leaves the worker only after the state it shows is written;
- `event_trace`: at DEBUG, each event and update by browser and socket.
"""
