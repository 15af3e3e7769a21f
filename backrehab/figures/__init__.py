"""The animated demonstration figure: keyframes (data) -> posed skeleton -> SVG."""

# Bump when drawing changes, so stored pictures are drawn again on the next library load.
RENDERER_VERSION = "2"
