"""Learn: the article's advice by topic, the stretching rules, red flags, how numbers are made."""

from __future__ import annotations

import streamlit as st

from lumbarlog.analysis import tips
from lumbarlog.domain import catalog
from lumbarlog.ui import red_flag_check, trends_view

st.title("Learn")
st.write(
    "What helps a sore lower back, in short: keep moving, break up long sitting, stretch gently "
    "and often, build strength over time in a way you enjoy, and know the signs that need a "
    "doctor."
)

red_flag_check.show_red_flags()
st.caption(
    "From the NHS guidance on back pain and cauda equina syndrome, and the international "
    "framework for red flags for serious spinal conditions (Finucane et al., 2020). When the "
    "notes of a day you log mention one of these signs, Today and Log show this check; it is a "
    "reminder, not a diagnosis, and it cannot tell whether you have the sign."
)

st.header("Advice by topic")
all_tips = tips.load_tips()
content = catalog.load()
for topic, title in tips.TOPICS.items():
    topic_tips = tips.tips_about(topic, all_tips)
    if not topic_tips:
        continue
    with st.expander(title, expanded=topic == "stretching"):
        for tip in topic_tips:
            st.markdown(f"**{tip.title}**")
            st.write(tip.text)
            source = "from the article" if tip.source == "article" else "common practice"
            routine = f" · Try: {content.routine_name(tip.routine)}" if tip.routine else ""
            st.caption(f"Source: {source}{routine}")

st.header("How the numbers are computed")
trends_view.show_methods()

st.header("Finding out for yourself")
st.write(
    "Trends shows what went together in your days, and says so: you may exercise more on good "
    "days, so exercise days can look better whatever the exercise does. A self-experiment "
    "separates the two. The app decides by lot which days are which (blocks of a few days, in "
    "pairs), you follow each day's assignment and log your pain as usual, and at the end an "
    "exact test over every order the lot could have drawn says how likely the difference is "
    'to be chance. Small differences often end as "can\'t tell", which is an honest answer.'
)
st.page_link(
    "app_pages/experiment.py", label="Start a self-experiment", icon=":material/experiment:"
)

st.header("About this app")
st.write(
    "Lumbar Log helps you notice patterns in your own days. It does not diagnose or treat "
    "anything, and it is no substitute for a doctor or physiotherapist. The exercises come from "
    "a popular article on lower back pain, written in our own words, with common physiotherapy "
    "practice filling the gaps where the article is silent (each exercise says which). Where the "
    "article states as fact what research does not support, such as one correct posture, the "
    "advice says what studies show instead. If an exercise hurts, stop. If pain lasts for "
    "weeks, keeps getting worse, or worries you, see a doctor."
)
st.caption("Your journal stays on this computer; nothing is sent anywhere.")
