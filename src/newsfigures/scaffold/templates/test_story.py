"""The story's tests: every check newsfigures gives a story (newsfigures.scaffold.story_tests), run on this
project. Add the story's own tests below."""

from newsfigures.scaffold.story_tests import *  # noqa: F401,F403
