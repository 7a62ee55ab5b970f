# Floor 3: the Flask lesson's app, as ../shared/seed describes it, written afresh for the bench: three
# questions kept in Flask's own session (a signed cookie), a layout whose footer lists what is stored, and
# "Start over" as a GET that clears the session. It keeps the lesson's ways on purpose (a POST renders the
# next page, no CSRF, no validation): it is the app we compare ourselves with, not one to copy.
# The bench runs it as the lesson deploys it, under gunicorn with one sync worker:
#   gunicorn -w 1 -b 127.0.0.1:PORT --chdir bench/floors flask_lesson:app
import os

from flask import Flask, redirect, render_template, request, session
from jinja2 import DictLoader

app = Flask(__name__)
# A bench-only key: from the environment when given, else a fresh one per start (one worker, so one key).
app.secret_key = os.environ.get('FLASK_SECRET_KEY') or os.urandom(32)

# The templates live here rather than in a folder beside the file; Jinja compiles each once and keeps it,
# as it does templates read from files. Names ending in .html are autoescaped.
app.jinja_loader = DictLoader({
    'layout.html': '''<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{% block title %}{% endblock %} - Sessions in Flask</title></head>
<body>
<main>
{% block content %}{% endblock %}
</main>
<footer>
<p>
{% if 'firstName' in session %}First Name: {{ session['firstName'] }}<br>{% endif %}
{% if 'lastName' in session %}Last Name: {{ session['lastName'] }}<br>{% endif %}
{% if 'favoriteColor' in session %}Favorite Color: {{ session['favoriteColor'] }}<br>{% endif %}
</p>
<p><a href="/startOver">Start over</a></p>
</footer>
</body>
</html>
''',
    'home.html': '''{% extends 'layout.html' %}
{% block title %}Home{% endblock %}
{% block content %}
<h1>Sessions in Flask</h1>
<p>This site asks you a few questions, then tells you your answers. Remembering them from one page to the
next is what a session is for.</p>
<p><a href="/page1">Get started</a></p>
{% endblock %}
''',
    'page1.html': '''{% extends 'layout.html' %}
{% block title %}Your name{% endblock %}
{% block content %}
<h1>Your name</h1>
<form action="/page2" method="post">
<p><label for="firstName">First name</label> <input id="firstName" name="firstName"></p>
<p><label for="lastName">Last name</label> <input id="lastName" name="lastName"></p>
<p><button type="submit">Next</button></p>
</form>
{% endblock %}
''',
    'page2.html': '''{% extends 'layout.html' %}
{% block title %}Your favourite colour{% endblock %}
{% block content %}
<h1>Your favourite colour</h1>
<form action="/page3" method="post">
<p><label for="favoriteColor">Favourite colour</label> <input id="favoriteColor" name="favoriteColor"></p>
<p><button type="submit">Next</button></p>
</form>
{% endblock %}
''',
    'page3.html': '''{% extends 'layout.html' %}
{% block title %}Now I know{% endblock %}
{% block content %}
<h1>Now I know:</h1>
<ul>
<li>your first name is {{ session['firstName'] }},</li>
<li>your last name is {{ session['lastName'] }},</li>
<li>and your favourite colour is {{ session['favoriteColor'] }}.</li>
</ul>
{% endblock %}
''',
})


@app.get('/')
def home():
    return render_template('home.html')


@app.get('/page1')
def page1():
    return render_template('page1.html')


@app.post('/page2')
def page2():
    session['firstName'] = request.form['firstName']
    session['lastName'] = request.form['lastName']
    return render_template('page2.html')


@app.post('/page3')
def page3():
    session['favoriteColor'] = request.form['favoriteColor']
    return render_template('page3.html')


@app.get('/startOver')
def start_over():
    session.clear()
    return redirect('/')
