"""newsfigures: audited figures from a news article, checked against primary sources."""
__version__ = "0.1.0"
