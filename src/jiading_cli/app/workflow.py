"""The CI workflow `jiading init` writes: ``.github/workflows/jiading.yml``.

Pull requests (and a run by hand on another branch): validate, problems shown on the changed lines. Pushes to main, once
a day (scheduled articles come due, tokens are checked) and a run by hand on main: build and deploy, ping the WebSub hub
for the feeds the build changed, post what is pending, commit the records. Those publishing runs go one at a time,
whole, and each publishes main as it is when it runs, never the commit that started it: a run that posts holds the
records of every run before it, and posts only what its own build deployed, as of the moment it was built. Records that
cannot be pushed to main wait on a branch of their own, and no run posts until it is merged (`docs/sharing.md`, "Posting
from CI").
"""

from __future__ import annotations

from jiading_cli import __version__

WORKFLOW = ".github/workflows/jiading.yml"

WORKFLOW_TEXT = """\
# jiading: checks every pull request's articles (problems show on the changed lines); on main and once a day,
# builds and deploys the site, posts the articles not yet shared and commits their syndication records back.
name: jiading
on:
  pull_request:
  push:
    branches: [main]
  schedule:
    - cron: "17 6 * * *"  # daily, 06:17 UTC: scheduled articles come due, tokens are checked
  workflow_dispatch:
# Runs that publish main go one at a time, whole: the next starts once this one has pushed its records. A run
# waiting is replaced by a newer one, which publishes main as it is then, so nothing it would have done is lost.
# Every other run (a pull request's, one by hand on another branch) has a group of its own and never waits.
concurrency:
  group: ${{ github.ref == 'refs/heads/main' && 'jiading-publish' || format('jiading-{0}', github.run_id) }}
  cancel-in-progress: false  # a posting run is never stopped between a post and its record
jobs:
  validate:
    if: github.ref != 'refs/heads/main'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install "jiading=={version}"
      - run: jiading validate --format github
  build:
    if: github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{ steps.deploy.outputs.page_url }}
    outputs:
      commit: ${{ steps.built.outputs.commit }}
      now: ${{ steps.built.outputs.now }}
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.ref }}  # main as it is now, with every earlier run's records; not the run's own commit
      - id: built  # the commit built, and the moment it is built as of
        run: |
          echo "commit=$(git rev-parse HEAD)" >> "$GITHUB_OUTPUT"
          echo "now=$(date -u +%Y-%m-%dT%H:%M:%S+00:00)" >> "$GITHUB_OUTPUT"
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install "jiading=={version}"
      - run: jiading build
        env:
          JIADING_NOW: ${{ steps.built.outputs.now }}
      - uses: actions/upload-pages-artifact@v3
        with:
          path: public/
      - id: deploy
        uses: actions/deploy-pages@v4
      # Once the new feeds are online, the WebSub hub (feeds.websub_hub) is told which changed: told before, it
      # would fetch the old ones. Without a hub this says so and does nothing; a hub that refuses fails this step
      # alone, never the posting after it.
      - run: jiading feed ping
        continue-on-error: true
  share:
    if: github.ref == 'refs/heads/main'
    needs: build  # a link is posted only once its page is online
    runs-on: ubuntu-latest
    permissions:
      contents: write  # to push the syndication records
    env:
      JIADING_FACEBOOK_TOKEN: ${{ secrets.JIADING_FACEBOOK_TOKEN }}
      JIADING_LINKEDIN_TOKEN: ${{ secrets.JIADING_LINKEDIN_TOKEN }}
      JIADING_SMTP_PASSWORD: ${{ secrets.JIADING_SMTP_PASSWORD }}
      JIADING_NOW: ${{ needs.build.outputs.now }}  # as of the build: an article due since is not online yet
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ needs.build.outputs.commit }}  # the commit deployed: its articles are online
          fetch-depth: 0  # the whole history, so that the records can be rebased onto a newer main
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install "jiading=={version}"
      - name: Stop while syndication records wait outside main
        run: |  # a run whose records could not be pushed left them on a branch: posting without them posts again
          waiting=$(git branch --remotes --no-merged HEAD --list "origin/jiading-records-*" \\
            --format="%(refname:lstrip=3)")
          for branch in $waiting; do
            echo "::error::The branch $branch holds syndication records $GITHUB_REF_NAME does not have: merge it" \\
              "into $GITHUB_REF_NAME (then delete it). Nothing is posted until then: no post it records is made again."
          done
          test -z "$waiting"
      - if: github.event_name == 'schedule'
        run: jiading share --check
      - run: jiading share --post --yes
      - name: Commit the syndication records
        if: always()  # records of the posts made before a failure are kept too
        run: |
          git add --update
          if git diff --cached --quiet; then
            echo "No new syndication records."
            exit 0
          fi
          git config user.name "jiading"  # the author of the commit, and of the rebase below
          git config user.email "jiading@users.noreply.github.com"
          git commit --quiet -m "Record where articles were shared"
          for attempt in 1 2 3 4 5; do
            if git push --quiet origin "HEAD:refs/heads/$GITHUB_REF_NAME"; then
              echo "Syndication records pushed."
              exit 0
            fi
            echo "Push refused (attempt $attempt of 5): rebasing onto the newer $GITHUB_REF_NAME."
            sleep "$attempt"
            if ! git pull --quiet --rebase origin "$GITHUB_REF_NAME"; then
              git rebase --abort
              break
            fi
          done
          if git push --quiet origin "HEAD:refs/heads/jiading-records-$GITHUB_RUN_ID"; then
            echo "::error::The syndication records could not be pushed to $GITHUB_REF_NAME; they are on the branch" \\
              "jiading-records-$GITHUB_RUN_ID. Merge it into $GITHUB_REF_NAME: no run posts until then."
          else
            echo "::error::The syndication records could not be pushed; the next run finds the posts on Facebook" \\
              "and LinkedIn by asking them, but an email, which cannot be asked, is sent again."
          fi
          exit 1
"""


def workflow_text() -> str:
    return WORKFLOW_TEXT.replace("{version}", __version__)
