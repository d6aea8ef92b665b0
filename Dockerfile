# One replica of the app. Build and run:  docker build -t rag-or-ft . && docker run -p 8501:8501 rag-or-ft
# Several replicas need a proxy that keeps each browser on one of them: see deploy/ and the README's
# "Running for many people". Nothing is downloaded at run time: tokenizers, prices and the icon ship with it.
FROM python:3.12-slim

# No bytecode written at run time, logs straight to the container's output, no pip cache in the image; Streamlit's
# options as environment variables, so a platform can override the port without a new image.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STREAMLIT_SERVER_PORT=8501 \
    STREAMLIT_SERVER_ADDRESS=0.0.0.0 \
    STREAMLIT_SERVER_HEADLESS=true \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false

WORKDIR /app

# The dependencies first, so changing the code rebuilds only the layers below.
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

# Only what the app reads at run time: no tests, benchmarks or docs.
COPY .streamlit/ .streamlit/
COPY app.py ./
COPY app_pages/ app_pages/
COPY charts/ charts/
COPY core/ core/
COPY present/ present/
COPY ui/ ui/
COPY assets/ assets/

# The app runs as an unprivileged user that cannot change its own code.
RUN useradd --create-home --uid 10001 app
USER app

EXPOSE 8501
# Streamlit's own health endpoint; python is in the image (curl is not).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/_stcore/health' % os.environ.get('STREAMLIT_SERVER_PORT', '8501'), timeout=4)"]
CMD ["streamlit", "run", "app.py"]
