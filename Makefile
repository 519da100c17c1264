# Tanxin — `make setup`, `make run`, `make test`, `make bench`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
MANAGE := $(BIN)/python manage.py
STAMP  := $(VENV)/.installed-$(shell sha1sum requirements.txt | cut -c1-12)

.PHONY: setup run test lint bench messages translations clean-db mutation

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

translations: $(STAMP)
	$(MANAGE) compile_translations

## Create the virtual environment, install pinned dependencies, migrate, compile translations, load demo data.
setup: $(STAMP) translations
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo

## Serve on http://127.0.0.1:$(PORT) with the background task worker; Ctrl-C stops both.
run: $(STAMP)
	PORT=$(PORT) $(BIN)/python scripts/run.py

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	PYTHONPATH=src $(BIN)/lint-imports --no-cache .importlinter

## The whole suite: lint, architecture contract, unit/integration/property tests and end-to-end tests.
test: $(STAMP) translations lint
	$(MANAGE) check --fail-level WARNING
	$(BIN)/python scripts/check_deploy.py
	TANXIN_MATRIX_COVERAGE=1 $(BIN)/python -m pytest; status=$$?; if [ $$status -eq 5 ]; then echo "no tests collected"; exit 1; fi; exit $$status

## Every benchmark; one JSON line each.
bench: $(STAMP) translations
	$(BIN)/python bench/run_all.py

## Mutation testing of the domain modules (slow, not part of `make test`): kill rate per module, then the
## hand-planted mutants. MUTATION_ARGS="registry --sample 200" narrows it (see scripts/mutation.py).
mutation: $(STAMP)
	$(BIN)/python scripts/mutation.py $(MUTATION_ARGS); a=$$?; $(BIN)/python scripts/mutants.py; b=$$?; exit $$((a || b))

## Refresh the message catalogues after changing user-visible strings (needs GNU gettext's xgettext).
## Project catalogue (config, web, common) in locale/; each module keeps its own in src/tanxin/<module>/locale/.
APPS := orgs accounting disclosure market registry support lending securitisation matchmaking cockpit
messages: $(STAMP)
	$(MANAGE) makemessages -l zh_Hans -l en --no-obsolete --ignore '.venv/*' --ignore 'tests/*' --ignore 'bench/*' \
		--ignore 'src/tanxin/*/domain/*' $(foreach app,$(APPS),--ignore 'src/tanxin/$(app)/*')
	for app in $(APPS); do mkdir -p src/tanxin/$$app/locale && \
		(cd src/tanxin/$$app && $(CURDIR)/$(BIN)/python $(CURDIR)/manage.py makemessages -l zh_Hans -l en --no-obsolete --ignore 'domain/*'); done
	$(BIN)/python scripts/i18n_en_identity.py locale/en/LC_MESSAGES/django.po src/tanxin/*/locale/en/LC_MESSAGES/django.po

clean-db:
	rm -f var/tanxin.sqlite3 var/tanxin.sqlite3-wal var/tanxin.sqlite3-shm
